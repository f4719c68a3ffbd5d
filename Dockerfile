# One image for web, worker and beat (see docker-compose.yml).

# The GOV.UK and MOJ front-end packages, exactly as package-lock.json pins them.
FROM node:20-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

RUN groupadd --system app && useradd --system --gid app --home-dir /app app

COPY . .
RUN pip install -e .

# Copy the front end into static/vendor, then gather every static file for whitenoise.
# The SECRET_KEY here only lets settings load for collectstatic; it is not kept in the image.
COPY --from=frontend /app/node_modules ./node_modules
RUN python scripts/vendor_static.py \
    && rm -rf node_modules \
    && SECRET_KEY=collectstatic-only DEBUG=0 python manage.py collectstatic --noinput \
    && mkdir -p var/uploads \
    && chown -R app:app var

USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
