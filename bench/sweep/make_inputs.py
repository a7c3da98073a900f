"""Inputs of issue 18's sweep-level run (bench/gpu-sweep.sh): a small captioned dataset, held-out images and two sweep
specs that differ only in `packing` (off / auto). Standard library only: the GPU host has no imaging package.

    python3 make_inputs.py <folder> <model folder> <steps> <resolution> [device (default cuda)]
"""
import os
import struct
import sys
import zlib

COLOURS = [("red", (230, 40, 25)), ("green", (25, 205, 50)), ("blue", (25, 75, 230)), ("yellow", (240, 215, 25)),
           ("purple", (155, 50, 205)), ("orange", (255, 140, 25)), ("white", (240, 240, 240)), ("black", (20, 20, 20))]
HELD_OUT = [("cyan", (25, 215, 230)), ("magenta", (230, 25, 180))]


def png(path, size, colour, index):
    """A coloured block on a vertical grey gradient, RGB 8-bit, written as a minimal PNG (IHDR, one IDAT, IEND)."""
    block = size // 3
    x0, y0 = (size // 8) * (index % 5), (size // 2) - (size // 16) * (index % 4)
    rows = []
    for y in range(size):
        grey = int(50 + 150 * y / (size - 1))
        row = bytearray([0])  # filter type 0 per scanline
        for x in range(size):
            inside = x0 <= x < x0 + block and y0 <= y < y0 + block
            row += bytes(colour) if inside else bytes((grey, grey, grey))
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(b"".join(rows), 6)))
        f.write(chunk(b"IEND", b""))


def dataset(folder, colours, size):
    os.makedirs(folder, exist_ok=True)
    for i, (name, colour) in enumerate(colours):
        png(os.path.join(folder, f"block_{i}.png"), size, colour, i)
        with open(os.path.join(folder, f"block_{i}.txt"), "w") as f:
            f.write(f"a zsweep toy block, {name}, on a grey gradient")


def spec(packing, model, data, held_out, steps, size, device):
    adapters = os.path.join(model, "adapters")
    return f"""name: packing-{packing}
concurrency: 4
method: grid
packing: {packing}
base:
  job: extension
  config:
    name: packing-{packing}
    process:
      - type: diffusion_trainer
        training_folder: output
        device: {device}
        trigger_word: zsweep
        training_seed: 42
        model:
          arch: "zimage:turbo"
          name_or_path: '{model}'
        network:
          type: lora
          linear: 8
          linear_alpha: 8
        save:
          dtype: bf16
          save_every: {steps // 2}
          max_step_saves_to_keep: 4
        train:
          steps: {steps}
          batch_size: 1
          lr: 0.0001
          optimizer: adamw8bit
          dtype: bf16
          noise_scheduler: flowmatch
          timestep_type: weighted
          gradient_checkpointing: true
          cache_text_embeddings: true
          skip_first_sample: true
        datasets:
          - folder_path: '{data}'
            caption_ext: txt
            resolution: [{size}]
        sample:
          sample_every: {steps}
          width: {size}
          height: {size}
          seed: 42
          walk_seed: true
          guidance_scale: 1
          sample_steps: 8
          format: png
          samples:
            - prompt: "a [trigger] toy block, red, on a grey gradient"
            - prompt: "a toy block, blue, on a grey gradient"
        validation:
          folder_path: '{held_out}'
          resolution: {size}
          turbo_drift: false
          trigger_leakage: false
axes:
  - name: adapter
    key: model.assistant_lora_path
    values: ['{adapters}/zimage_tiny_training_adapter_v1.safetensors', '{adapters}/zimage_tiny_training_adapter_v2.safetensors']
    labels: [v1, v2]
  - name: rank
    key: network.linear
    values: [8, 16]
"""


def main():
    root, model, steps, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    device = sys.argv[5] if len(sys.argv) > 5 else "cuda"
    data, held_out = os.path.join(root, "dataset"), os.path.join(root, "held_out")
    dataset(data, COLOURS, size)
    dataset(held_out, HELD_OUT, size)
    for packing in ("off", "auto"):
        with open(os.path.join(root, f"sweep-{packing}.yaml"), "w") as f:
            f.write(spec(packing, model, data, held_out, steps, size, device))


if __name__ == "__main__":
    main()
