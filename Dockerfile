# The API image; the same image runs workers with `warta worker` (see Procfile).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    WARTA_HOST=0.0.0.0 \
    WARTA_PORT=8000 \
    WARTA_DATA_DIR=/data \
    HF_HOME=/data/huggingface

WORKDIR /app

# torch first, from the CPU index: the default wheel is a multi-GB CUDA build.
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu

COPY pyproject.toml README.md ./
COPY service ./service
COPY workers ./workers
COPY glossary ./glossary
COPY benchmarks ./benchmarks
RUN pip install .

RUN useradd --create-home --uid 10001 warta && mkdir -p /data && chown warta /data
USER warta
VOLUME ["/data"]
EXPOSE 8000

CMD ["warta", "serve"]
