#!/usr/bin/env python3
"""The PyTorch reference for zsweep-bench's transformer rows, timed on the same GPU in the same call.

diffusers' ZImageTransformer2DModel (random weights of the real shapes, bf16) with a peft LoRA of rank 16 on the
eight projections of the 30 main layers (fp32 adapter weights), eager PyTorch. Each case does exactly the work of the
engine row with the same id (bench/Rows/LoraTrainingStepRow.cs, TransformerForwardRow.cs): one image at the given
side, 64 caption tokens, flow-matching MSE at sigma 0.5, backward, gradient clipping at 1.0, an AdamW step and
zeroing the gradients; or one no-grad forward at model time 0.5.

Neither diffusers nor peft is installed on the GPU host: bench/gpu-run.sh puts their source (carried from their
public repositories, commits named in the folder's SOURCES.txt) on PYTHONPATH. Timings are medians after warm-up with
torch.cuda.synchronize() around every iteration (as the engine's IterationTimer); peaks are
torch.cuda.max_memory_allocated after the model, adapter and inputs were built (as the engine's allocator shim).

Writes JSON: {"source", "torch", "gpu", "lora_parameters", "rows": {id: {"ms_median", "ms_p10", "ms_p90",
"peak_allocated_gib", "iterations", "warmup"}}}.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import torch

TRAINING_CASES = {  # row id -> (image side in pixels, gradient checkpointing)
    "lora-step-1024-ckpt": (1024, True),
    "lora-step-1024": (1024, False),
    "lora-step-768-ckpt": (768, True),
    "lora-step-512-ckpt": (512, True),
}
FORWARD_CASES = {"transformer-forward-1024": 1024, "transformer-forward-768": 768, "transformer-forward-512": 512}

CAPTION_TOKENS = 64
RANK = 16
SIGMA = 0.5
# The engine's LoraTargets: the eight projections of every main block, not the refiners.
TARGET_MODULES = r"layers\.\d+\.(attention\.(to_q|to_k|to_v|to_out\.0)|feed_forward\.(w1|w2|w3)|adaLN_modulation\.0)"
GIB = float(1 << 30)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="where the JSON is written")
    parser.add_argument("--rows", default=",".join([*FORWARD_CASES, *TRAINING_CASES]),
                        help="comma-separated row ids (default: all)")
    parser.add_argument("--iterations", type=int, default=12)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1234)
    args = parser.parse_args()
    unknown = [r for r in args.rows.split(",") if r not in TRAINING_CASES and r not in FORWARD_CASES]
    if unknown:
        parser.error(f"--rows: unknown row id(s) {', '.join(unknown)}; known: {', '.join([*FORWARD_CASES, *TRAINING_CASES])}")
    if args.iterations < 1 or args.warmup < 0:
        parser.error("--iterations must be at least 1 and --warmup at least 0")
    return args


def timed(step, iterations, warmup):
    """Runs step warmup + iterations times; returns the timed iterations' milliseconds."""
    samples = []
    for i in range(warmup + iterations):
        torch.cuda.synchronize()
        start = time.perf_counter()
        step()
        torch.cuda.synchronize()
        if i >= warmup:
            samples.append((time.perf_counter() - start) * 1000.0)
    return samples


def summary(samples, iterations, warmup):
    return {
        "ms_median": round(statistics.median(samples), 2),
        "ms_p10": round(float(np.percentile(samples, 10)), 2),
        "ms_p90": round(float(np.percentile(samples, 90)), 2),
        "peak_allocated_gib": round(torch.cuda.max_memory_allocated() / GIB, 3),
        "iterations": iterations,
        "warmup": warmup,
    }


def build_model():
    from diffusers.models.transformers.transformer_z_image import ZImageTransformer2DModel

    # Built directly on the GPU in bf16 (the defaults are Z-Image-Turbo's config): no fp32 copy, no host RAM.
    torch.set_default_dtype(torch.bfloat16)
    with torch.device("cuda"):
        model = ZImageTransformer2DModel()
    torch.set_default_dtype(torch.float32)
    model.requires_grad_(False)
    return model


def inputs(model, pixels, generator):
    latent = pixels // 8
    channels = model.config.in_channels
    x0 = torch.randn(1, channels, latent, latent, generator=generator, device="cuda")
    noise = torch.randn(1, channels, latent, latent, generator=generator, device="cuda")
    cap = torch.randn(CAPTION_TOKENS, model.config.cap_feat_dim, generator=generator, device="cuda").to(torch.bfloat16)
    return x0, noise, cap


def forward_case(model, pixels, generator, iterations, warmup):
    _, noise, cap = inputs(model, pixels, generator)
    x = noise.squeeze(0).unsqueeze(1).to(torch.bfloat16)  # (C, F=1, h, w)
    t = torch.full((1,), 0.5, device="cuda")
    torch.cuda.reset_peak_memory_stats()
    with torch.no_grad():
        samples = timed(lambda: model([x], t, [cap], return_dict=False), iterations, warmup)
    return summary(samples, iterations, warmup)


def training_case(model, lora_parameters, pixels, checkpointing, generator, iterations, warmup):
    x0, noise, cap = inputs(model, pixels, generator)
    xt = ((1 - SIGMA) * x0 + SIGMA * noise).squeeze(0).unsqueeze(1).to(torch.bfloat16)
    target = noise - x0
    t = torch.full((1,), 1 - SIGMA, device="cuda")
    if checkpointing:
        model.enable_gradient_checkpointing()
    else:
        model.disable_gradient_checkpointing()
    optimizer = torch.optim.AdamW(lora_parameters, lr=1e-4)

    def step():
        out = model([xt], t, [cap], return_dict=False)[0]
        prediction = -torch.stack(out).float().squeeze(2)  # the model predicts x0 - noise; the target is noise - x0
        loss = torch.nn.functional.mse_loss(prediction, target)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(lora_parameters, 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    torch.cuda.reset_peak_memory_stats()
    samples = timed(step, iterations, warmup)
    result = summary(samples, iterations, warmup)
    del optimizer
    return result


def add_lora(model):
    from peft import LoraConfig, inject_adapter_in_model

    config = LoraConfig(r=RANK, lora_alpha=RANK, target_modules=TARGET_MODULES, init_lora_weights="gaussian")
    inject_adapter_in_model(config, model)
    parameters = [p for n, p in model.named_parameters() if "lora_" in n]
    for p in parameters:  # fp32 adapter on the bf16 base, as the engine trains it
        p.data = p.data.float()
        p.requires_grad_(True)
    return parameters


def main():
    args = parse_args()
    rows = args.rows.split(",")
    torch.manual_seed(args.seed)
    generator = torch.Generator(device="cuda").manual_seed(args.seed)
    model = build_model()
    results = {}
    for row in [r for r in rows if r in FORWARD_CASES]:
        results[row] = forward_case(model, FORWARD_CASES[row], generator, args.iterations, args.warmup)
        print(f"{row}: {results[row]}", flush=True)
        torch.cuda.empty_cache()
    lora_parameters = add_lora(model) if any(r in TRAINING_CASES for r in rows) else []
    for row in [r for r in rows if r in TRAINING_CASES]:
        pixels, checkpointing = TRAINING_CASES[row]
        results[row] = training_case(model, lora_parameters, pixels, checkpointing, generator, args.iterations, args.warmup)
        print(f"{row}: {results[row]}", flush=True)
        torch.cuda.empty_cache()

    sources = os.environ.get("REFERENCE_SOURCES", "diffusers + peft")
    report = {
        "source": f"{sources}; PyTorch {torch.__version__} eager on {torch.cuda.get_device_name(0)}, same run",
        "torch": torch.__version__,
        "gpu": torch.cuda.get_device_name(0),
        "lora_parameters": sum(p.numel() for p in lora_parameters),
        "rows": results,
    }
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)
    print(f"reference written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
