"""spaCy components of evex.

Every component writes its mentions to ``doc.spans[<key>]``; each span carries
its resolved value in ``span._.evex`` (one of the classes in
``pipeline.mentions``). Event assembly (``pipeline.events``) reads only these
span groups. Importing this package registers the factories.
"""
from pipeline.mentions import register_extensions

register_extensions()
