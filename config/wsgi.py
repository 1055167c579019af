import os

from django.core.wsgi import get_wsgi_application

from config.statement_timeout import statement_timeout_for_web_requests

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# Only web processes bound their queries: commands and migrations do not come through here.
statement_timeout_for_web_requests()
