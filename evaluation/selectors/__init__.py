"""Reads for evaluation, one module a concern; each returns plain dicts and lists, so the page,
the printable report, the XLSX download and the JSON API show the same thing from one
computation.

- ``results``: a questionnaire's results and each questionnaire of a plan at a glance;
- ``indicators``: computed and measured indicators;
- ``activities``: activities, their dates and dependencies, the report's strands;
- ``budget``: estimate against contributions, donors;
- ``trainings``: trainings and trainees, needs-assessment coverage, the timeline's milestones
  and the map (read through ``needs.selectors``);
- ``dashboard``: all of it for one plan, plus the sections other apps register in
  ``workplan.panels``;
- ``scores``: trainees' test scores and knowledge gains (evaluation by invitation);
- ``numbers``: the rounding they share.
"""
