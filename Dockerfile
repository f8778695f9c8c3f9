# Production image: gunicorn serving KLU Møder, whitenoise serving static files.
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-dejavu-core fonts-liberation2 \
 && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv==0.13.9

WORKDIR /app
COPY pyproject.toml uv.lock ./
ENV UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH
RUN uv sync --frozen --no-dev
COPY . .
RUN SECRET_KEY=build-only STATIC_ROOT=/app/staticfiles python manage.py collectstatic --noinput

RUN useradd --system --home /app klu && mkdir -p /var/lib/klu/media && chown klu /var/lib/klu/media
USER klu
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn klu.wsgi --bind 0.0.0.0:8000 --workers 3 --access-logfile -"]
