"""The demo newsroom: a deterministic, clearly fictional paper to try Broadsheet with.

``generator.build_newsroom`` plans it in memory (sections, topics, authors, articles and the
story threads they belong to); ``loader.load_demo`` writes it through the content services.
Run it with ``broadsheet load_demo`` (or ``broadsheet demo``).
"""
