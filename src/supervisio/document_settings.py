"""The settings of a document beyond its content: one definition below the domain and the renderers.

A campaign file sets them for every document it issues (``[campaign.settings.documents]``); the command
line or a caller overrides them; a renderer receives them as its options. Defining them once, here, with
nothing but attrs beneath, lets the domain hold them and a renderer read them without either importing the
other (a rule of docs/architecture.md, checked by ``tests/test_layers.py``).
"""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = ["DocumentSettings", "Profile", "RenderOptions"]

Profile = Literal["word", "strict"]


@attrs.frozen(kw_only=True)
class DocumentSettings:
    """Local rules for the documents a campaign issues (各地公文格式的细则), and a renderer's options.

    - ``profile``: the GB/T 9704 page geometry. ``word`` (margins 37/35/28/26 mm, exact 28.95 pt lines: what
      Word and WPS templates do) or ``strict`` (the printed ink block exactly 156 × 225 mm).
    - ``sealed``: the signature layout for a sealed document (7.3.5.1) instead of an unsealed one (7.3.5.2).
    - ``bold_level3``: a local rule that sets the third heading level (1.) in bold.
    - ``latin_font``: a face for Latin letters and digits (Times New Roman in many offices); None keeps the
      Chinese face for them.

    Options given on the command line or in code win over a campaign's.
    """

    profile: Profile = "word"
    sealed: bool = False
    bold_level3: bool = False
    latin_font: str | None = None


RenderOptions = DocumentSettings
"""What a renderer receives: the document settings, under the name the renderer interface uses."""
