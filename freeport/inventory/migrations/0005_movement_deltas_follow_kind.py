"""Enforce the movement sign convention (StockMovement.EFFECTS) once 0004 has backfilled it."""

import django.db.models.expressions
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('inventory', '0004_opening_balances'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='stockmovement',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind__in', ['receipt', 'return']), ('on_hand_delta', models.F('quantity')), ('quantity__gt', 0), ('reserved_delta', 0)), models.Q(('kind', 'adjustment'), ('on_hand_delta', models.F('quantity')), ('reserved_delta', 0), models.Q(('quantity', 0), _negated=True), models.Q(('reason', ''), _negated=True)), models.Q(('kind', 'reservation'), ('on_hand_delta', 0), ('quantity__gt', 0), ('reserved_delta', models.F('quantity'))), models.Q(('kind', 'release'), ('on_hand_delta', 0), ('quantity__gt', 0), ('reserved_delta', django.db.models.expressions.CombinedExpression(models.F('quantity'), '*', models.Value(-1)))), models.Q(('kind', 'pick'), ('on_hand_delta', 0), ('quantity__gt', 0), ('reserved_delta', 0)), models.Q(('kind', 'ship'), ('on_hand_delta', django.db.models.expressions.CombinedExpression(models.F('quantity'), '*', models.Value(-1))), ('quantity__gt', 0), ('reserved_delta', django.db.models.expressions.CombinedExpression(models.F('quantity'), '*', models.Value(-1)))), _connector='OR'), name='movement_deltas_follow_kind'),
        ),
    ]
