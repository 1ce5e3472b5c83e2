"""The content layer: one typed object per page a reader sees, built without the web.

It sits above the capabilities (it reads them: `monitor`, and later `schemes` and `parliament`)
and below the site (`web/` renders these objects with its templates) and the yearly report
(which will lay out the same objects). Each page object is built by reads of just what that
page needs, and every text it generates (labels, legends, chart titles and credits) is made in
the language asked for. Chart specifications (`charts`) and map shading (`maps`) live here too,
so the report can render them to SVG on the server as the downloads do.
"""
