"""Analytics of the pilot, as pure functions over the master's records and the vocabulary.

* :mod:`~schemas.analytics.calendar` — quarters, deadlines, Oral local time.
* :mod:`~schemas.analytics.inputs` — the master's plan, contests, organisations and consolidated
  rows as plain data (:class:`PilotData`).
* :mod:`~schemas.analytics.implementation` — implementation monitoring per kindergarten × quarter,
  completeness and timeliness.
* :mod:`~schemas.analytics.stats` — Mann–Whitney U, Wilcoxon signed-rank, difference-in-differences.
* :mod:`~schemas.analytics.outcomes` — the monitoring tab's levels per period, group and indicator,
  and experimental vs control per kindergarten and by ownership.
* :mod:`~schemas.analytics.dashboard` — what the master's summary sheet shows, as plain values.
* :mod:`~schemas.analytics.wording` — sentences from the numbers, in Kazakh and Russian.

Nothing here reads or writes a file.
"""
