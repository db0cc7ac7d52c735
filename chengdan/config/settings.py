"""Settings read from CHENGDAN_* environment variables, with embedded defaults for `make run`."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("CHENGDAN_VAR_DIR", BASE_DIR / "var"))
FRONTEND_DIST = Path(os.environ.get("CHENGDAN_FRONTEND_DIST", BASE_DIR / "frontend" / "dist"))

DEFAULT_SECRET_KEY = "chengdan-insecure-development-key-change-me"


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable (1/true/yes/on)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENT = os.environ.get("CHENGDAN_ENV", "development")
IS_PRODUCTION = ENVIRONMENT == "production"
SECRET_KEY = os.environ.get("CHENGDAN_SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("CHENGDAN_DEBUG", False)
ALLOWED_HOSTS = env_list("CHENGDAN_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CHENGDAN_CSRF_TRUSTED_ORIGINS", "")

if IS_PRODUCTION:
    # A production deployment with a published key or debug pages leaks sessions and source.
    if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("CHENGDAN_SECRET_KEY must be set to a random value of 50+ characters in production.")
    if DEBUG:
        raise ImproperlyConfigured("CHENGDAN_DEBUG must be off in production.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "chengdan.core",
    "chengdan.accounts",
    "chengdan.access",
    "chengdan.audit",
    "chengdan.notifications",
    "chengdan.attachments",
    "chengdan.customers",
    "chengdan.opportunities",
    "chengdan.leads",
    "chengdan.activities",
    "chengdan.reports",
    "chengdan.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "chengdan.core.middleware.RequestContextMiddleware",
    "chengdan.core.idempotency.IdempotencyMiddleware",
]

ROOT_URLCONF = "chengdan.config.urls"
WSGI_APPLICATION = "chengdan.config.wsgi.application"
ASGI_APPLICATION = "chengdan.config.asgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("CHENGDAN_DATABASE_URL", f"sqlite:///{VAR_DIR / 'chengdan.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; the busy timeout queues writers.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
TEST_DATABASE_URL = os.environ.get("CHENGDAN_TEST_DATABASE_URL")
if TEST_DATABASE_URL:
    DATABASES["default"] = dj_database_url.parse(TEST_DATABASE_URL)

REDIS_URL = os.environ.get("CHENGDAN_REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "chengdan" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [("app", FRONTEND_DIST)] if FRONTEND_DIST.exists() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"

# Proxies in front of the app that append to X-Forwarded-For (production only; see core.middleware.client_ip).
TRUSTED_PROXY_COUNT = int(os.environ.get("CHENGDAN_TRUSTED_PROXY_COUNT", "1"))
# Public lead forms: submissions per client address per minute.
LEAD_FORM_SUBMISSIONS_PER_MINUTE = int(os.environ.get("CHENGDAN_LEAD_FORM_SUBMISSIONS_PER_MINUTE", "10"))

SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the SPA reads it to send X-CSRFToken
SESSION_COOKIE_SAMESITE = "Lax"

if IS_PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("CHENGDAN_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

# Background work: Redis when configured, otherwise a broker-less filesystem transport under var/.
CELERY_QUEUE_DIR = VAR_DIR / "queue"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_RESULT_BACKEND = f"file://{VAR_DIR / 'results'}"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "out"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "out"),
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
        "store_processed": False,
    }
    for _folder in (CELERY_QUEUE_DIR / "out", CELERY_QUEUE_DIR / "control", VAR_DIR / "results"):
        _folder.mkdir(parents=True, exist_ok=True)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CHENGDAN_TASKS_EAGER", False)
CELERY_BEAT_SCHEDULE_FILE = str(VAR_DIR / "celerybeat-schedule")

# API behaviour shared by every endpoint.
API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 200
API_COUNT_CAP = 10000
API_MAX_BODY_BYTES = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES
LOGIN_FAILURE_LIMIT = int(os.environ.get("CHENGDAN_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCK_SECONDS = int(os.environ.get("CHENGDAN_LOGIN_LOCK_SECONDS", "60"))
LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("CHENGDAN_LOGIN_IP_FAILURE_LIMIT", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CHENGDAN_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}
