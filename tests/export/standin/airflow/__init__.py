"""A small, strict stand-in for the part of Apache Airflow that Pipeline Playground's export uses.

Real Airflow cannot be installed where the playground's CI runs, so `npm run test:export` puts this package first on
`sys.path` and runs the exported modules against it the way `dag.test()` would. It is strict on purpose: an unknown
import, argument, parameter type or context key raises, so a mistake in the export cannot hide behind a lenient fake.
Airflow 3 names live in `airflow.sdk`; the Airflow 2.9-2.10 names in `airflow.decorators`, `airflow.datasets`,
`airflow.models.param` and `airflow.utils.trigger_rule`.
"""

__version__ = "3.2.0+playground-standin"
