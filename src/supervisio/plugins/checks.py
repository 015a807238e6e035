"""What is wrong with a plugin's hook implementations, found when it is registered rather than never.

pluggy accepts an implementation whose name matches no hook (it could be a hook declared later) and just
never calls it; a plugin author who writes ``supervisio_register_renderer`` sees nothing happen and no
error. supervisio declares all its hooks before any plugin is registered, so such an implementation is
always a mistake: :func:`misspelt_hooks` finds it through ``PluginManager.check_pending`` and names the
nearest hook. One more mistake pluggy cannot see is caught here too: a function named like a hook but not
marked with ``@hookimpl``, which pluggy silently ignores. (A wrapper that is not a generator function
pluggy refuses itself, at registration.)
"""

from __future__ import annotations

import difflib
import inspect

import pluggy

from supervisio.plugins import hookspecs

__all__ = ["hook_names", "misspelt_hooks", "suggestion", "unmarked_hooks"]


def hook_names() -> list[str]:
    """The names of supervisio's hooks, as declared in :mod:`supervisio.plugins.hookspecs`."""
    return sorted(
        name for name, value in vars(hookspecs).items()
        if name.startswith(f"{hookspecs.PROJECT}_") and callable(value)
    )


def suggestion(name: str) -> str:
    """``; did you mean X?`` for the hook nearest to ``name``, or the list of hooks when none is near."""
    hooks = hook_names()
    near = difflib.get_close_matches(name, hooks, n=1, cutoff=0.6)
    if near:
        return f"; did you mean {near[0]}?"
    return f"; the hooks are {', '.join(hooks)}"


def misspelt_hooks(pm: pluggy.PluginManager, plugin: object) -> list[str]:
    """The names of ``plugin``'s implementations that match no hook (``optionalhook`` ones excepted).

    ``check_pending`` is pluggy's own check; it stops at the first unknown hook of any plugin, so the
    plugin's hook callers are then read for every unknown name it implements.
    """
    try:
        pm.check_pending()
    except pluggy.PluginValidationError:
        pass
    else:
        return []
    return sorted(
        caller.name
        for caller in pm.get_hookcallers(plugin) or ()
        if not caller.has_spec()
        and any(impl.plugin is plugin and not impl.optionalhook for impl in caller.get_hookimpls())
    )


def unmarked_hooks(plugin: object) -> list[str]:
    """Functions of ``plugin`` named like a hook (or nearly) that are not marked with ``@hookimpl``."""
    marker = f"{hookspecs.PROJECT}_impl"
    spec_marker = f"{hookspecs.PROJECT}_spec"
    hooks = hook_names()
    found = []
    for name in dir(plugin):
        if not name.startswith(f"{hookspecs.PROJECT}_"):
            continue
        value = inspect.getattr_static(plugin, name, None)
        value = getattr(value, "__func__", value)  # staticmethod, classmethod
        if not callable(value) or hasattr(value, marker) or hasattr(value, spec_marker):
            continue
        if name in hooks or difflib.get_close_matches(name, hooks, n=1, cutoff=0.8):
            found.append(name)
    return found
