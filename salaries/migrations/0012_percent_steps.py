from importlib import import_module

from django.db import migrations

import salaries.points

# Going back, the points are filled from the records as when they were first kept.
fill_points = import_module("salaries.migrations.0009_position_points").fill_points

# The k-th step of a set of d points is its ceil(k * d / 100)-th smallest, (k * d + 99) / 100 in
# integers (PostgreSQL's arrays count from 1), as salaries.points.percent_steps (frozen below). d
# is the number of points the row holds, not its n: a row due for a recompute (a point lapsed
# since) keeps the n it was computed with, and migration 0009, going back, fills the points from
# the records that count now.
STEPS_SQL = """
UPDATE salaries_salaryfigures SET
    steps = ARRAY(
        SELECT points[(k * cardinality(points) + 99) / 100]
        FROM generate_series(1, 100) k ORDER BY k
    ),
    member_steps = CASE WHEN cardinality(points) > 1 THEN ARRAY(
        SELECT points[(k * (cardinality(points) - 1) + 99) / 100]
        FROM generate_series(1, 100) k ORDER BY k
    ) END
WHERE cardinality(points) > 0
"""


def percent_steps(points: list[int], divisor: int) -> list[int] | None:
    """salaries.points.percent_steps as this migration was written."""
    if divisor < 1:
        return None
    return [points[-(-k * divisor // 100) - 1] for k in range(1, 101)]


def fill_steps(apps, schema_editor):
    """Each peer set's percent steps from the points it kept, as salaries/figures.py writes them
    from now on: one statement on PostgreSQL (30,880 rows at 1,000,000 records), row by row on
    SQLite."""
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(STEPS_SQL)
        return
    Figures = apps.get_model("salaries", "SalaryFigures")
    for row in Figures.objects.filter(points__isnull=False).only("points"):
        row.steps = percent_steps(row.points, len(row.points))
        row.member_steps = percent_steps(row.points, len(row.points) - 1)
        row.save(update_fields=["steps", "member_steps"])


class Migration(migrations.Migration):
    dependencies = [
        ("salaries", "0011_figures_indexes"),
    ]

    operations = [
        # A position counts the percent steps below an amount, 100 integers in the row, where it
        # searched every point of the set, decompressed from out of line for each card
        # (salaries/points.py).
        migrations.AddField(
            model_name="salaryfigures",
            name="steps",
            field=salaries.points.SortedPointsField(null=True),
        ),
        migrations.AddField(
            model_name="salaryfigures",
            name="member_steps",
            field=salaries.points.SortedPointsField(null=True),
        ),
        migrations.RunPython(fill_steps, fill_points, elidable=True),
        migrations.RemoveField(model_name="salaryfigures", name="points"),
    ]
