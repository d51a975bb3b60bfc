"""The movement ledger gets explicit deltas, a reference and an actor; reservations appear.

0004 backfills the deltas and opening balances, 0005 then enforces the sign convention (separate
migrations: PostgreSQL refuses ALTER TABLE on a table with pending deferred-FK trigger events).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0001_initial'),
        ('inventory', '0002_warehouse_dispatch_hours'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Reservation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(db_index=True, max_length=64, verbose_name='reference')),
                ('quantity', models.PositiveIntegerField()),
                ('status', models.CharField(choices=[('held', 'held'), ('committed', 'committed'), ('picked', 'picked'), ('shipped', 'shipped'), ('released', 'released')], default='held', max_length=10)),
                ('expires_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ['id'],
            },
        ),
        migrations.AddField(
            model_name='stockmovement',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='stockmovement',
            name='on_hand_delta',
            field=models.IntegerField(default=0, verbose_name='on-hand change'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='stockmovement',
            name='reference',
            field=models.CharField(blank=True, db_index=True, max_length=64, verbose_name='reference'),
        ),
        migrations.AddField(
            model_name='stockmovement',
            name='reserved_delta',
            field=models.IntegerField(default=0, verbose_name='reserved change'),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='stockmovement',
            name='kind',
            field=models.CharField(choices=[('receipt', 'receipt'), ('reservation', 'reservation'), ('release', 'release'), ('pick', 'pick'), ('ship', 'ship'), ('return', 'return'), ('adjustment', 'adjustment')], max_length=12),
        ),
        migrations.AddField(
            model_name='reservation',
            name='lot',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reservations', to='inventory.stocklot'),
        ),
        migrations.AddField(
            model_name='reservation',
            name='sku',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalog.sku'),
        ),
        migrations.AddField(
            model_name='reservation',
            name='warehouse',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='inventory.warehouse'),
        ),
        migrations.AddIndex(
            model_name='reservation',
            index=models.Index(fields=['status', 'expires_at'], name='reservation_due'),
        ),
        migrations.AddConstraint(
            model_name='reservation',
            constraint=models.CheckConstraint(condition=models.Q(('quantity__gt', 0)), name='reservation_quantity_positive'),
        ),
        migrations.AddConstraint(
            model_name='reservation',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('expires_at__isnull', False), ('status', 'held')), models.Q(('expires_at__isnull', True), ('status__in', ['committed', 'picked', 'shipped'])), ('status', 'released'), _connector='OR'), name='reservation_expiry_follows_status'),
        ),
        migrations.AddConstraint(
            model_name='reservation',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'released'), _negated=True), fields=('reference', 'lot'), name='reservation_live_reference_lot'),
        ),
    ]
