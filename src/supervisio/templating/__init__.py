"""Templates that write Markdown: the sandboxed environment, the filters and the built-in templates."""

from supervisio.templating.environment import TemplateError, make_environment, render_template
from supervisio.templating.limits import RenderLimits

__all__ = ["RenderLimits", "TemplateError", "make_environment", "render_template"]
