"""The domain of supervision work: data (frozen attrs classes) and rules, with no I/O and no rendering.

- :mod:`~supervisio.domain.campaign`, :mod:`~supervisio.domain.organisation`,
  :mod:`~supervisio.domain.problems`, :mod:`~supervisio.domain.records`: the model;
  :mod:`~supervisio.domain.supervision` holds it all as one value.
- :mod:`~supervisio.domain.lifecycle`, :mod:`~supervisio.domain.deadlines`,
  :mod:`~supervisio.domain.requirements`, :mod:`~supervisio.domain.mechanism`: the rules;
  :mod:`~supervisio.domain.findings` gathers what they find; :mod:`~supervisio.domain.reviews` keeps
  the reviews of one day so that facts and findings run the rules once.
- :mod:`~supervisio.domain.facts`: the statistics documents quote.
- :mod:`~supervisio.domain.integrity`: cross-record checks of the data itself;
  :mod:`~supervisio.domain.shape` the field types of a value built in Python;
  :mod:`~supervisio.domain.validation` both, as ``supervisio.validate``.
"""
