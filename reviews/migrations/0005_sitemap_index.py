"""An index for the sitemap's latest change among the visible write-ups.

``reviews_writeup_updated`` (updated_at, status, published_at) lets the
sitemap walk back from the newest edit and stop at the first visible piece,
from the index alone, instead of reading every visible write-up.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0004_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="writeup",
            index=models.Index(
                fields=["updated_at", "status", "published_at"], name="reviews_writeup_updated"
            ),
        ),
    ]
