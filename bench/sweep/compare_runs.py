"""Summarises issue 18's sweep-level run (bench/gpu-sweep.sh): per packing mode the wall time, mean GPU utilisation
and the hand-over between arms on the slot (from one arm's last step, and from its `finished` event, to the next arm's
first step: the second leaves out the finishing arm's own last checkpoint, validation and samples), per arm how far
the packed arm's final LoRA lies from the unpacked one (relative L2 over all tensors, bf16 training on the GPU), and
whether the two runs' verdicts (`zsweep compare --verdict --json`, <out>/<mode>/verdict.json) agree, and how far the
packed arm's sample images (the grids' cells) lie from the unpacked arm's, beside how far two different arms' images
lie apart (what a grid is read for). Reads the arms' worker logs, whose event lines the worker host writes as
`<UTC ISO-8601 time> <event JSON>`, the final LoRA files their `finished` events name and the images their `samples`
events name.

    python3 compare_runs.py <out folder> <work folder>   (as gpu-sweep.sh writes them: <out>/<mode>, <work>/home-<mode>)
"""
import datetime
import glob
import json
import os
import struct
import sys


def events(home):
    """arm id -> list of (time, event dict), from every worker.log under the home."""
    arms = {}
    for log in glob.glob(os.path.join(home, "**", "logs", "worker.log"), recursive=True):
        arm = os.path.basename(os.path.dirname(os.path.dirname(log)))
        for line in open(log, errors="replace"):
            stamp, _, rest = line.strip().partition(" ")
            if not rest.startswith("{"):
                continue
            try:
                when = datetime.datetime.fromisoformat(stamp)
                arms.setdefault(arm, []).append((when, json.loads(rest)))
            except ValueError:
                continue
    return arms


def samples(arm_events):
    """(step, prompt index, LoRA weight) -> image path, from the arm's `samples` events."""
    images = {}
    for _, e in arm_events:
        if e.get("event") == "samples":
            for image in e.get("samples", []):
                images[(e["step"], image["prompt_index"], image["lora_weight"])] = image["path"]
    return images


def timeline(arm_events):
    steps = [t for t, e in arm_events if e.get("event") == "step"]
    finished = [(t, e) for t, e in arm_events if e.get("event") == "finished"]
    started = [t for t, e in arm_events if e.get("event") == "started"]
    gaps = [(b - a).total_seconds() for a, b in zip(steps, steps[1:])]
    return {
        "step_seconds_median": round(sorted(gaps)[len(gaps) // 2], 3) if gaps else None,
        "started": min(started) if started else None,
        "finished": finished[-1][0] if finished else None,
        "first_step": min(steps) if steps else None,
        "last_step": max(steps) if steps else None,
        "final_lora": finished[-1][1].get("path") if finished else None,
        "samples": samples(arm_events),
    }


def handovers(lines, since="last_step"):
    """Seconds from one arm's last step (or `finished` event) to the next arm's first step, for arms in the order they
    started training; packed arms overlap and have none."""
    ordered = sorted((v for v in lines.values() if v["first_step"] and v[since]), key=lambda v: v["first_step"])
    return [round((b["first_step"] - a[since]).total_seconds(), 2) for a, b in zip(ordered, ordered[1:])
            if b["first_step"] > a[since]]


def training_seconds(lines):
    """Seconds during which some arm was between its first and last step (packed arms' spans overlap and count once)."""
    spans = sorted((v["first_step"], v["last_step"]) for v in lines.values() if v["first_step"] and v["last_step"])
    total, end = 0.0, None
    for start, stop in spans:
        if end is None or start > end:
            total += (stop - start).total_seconds()
            end = stop
        elif stop > end:
            total += (stop - end).total_seconds()
            end = stop
    return round(total, 2)


def verdicts(out):
    """Per mode the verdict's arm means and winners, and whether packed and unpacked agree on the winners."""
    found = {}
    for mode in ("off", "auto"):
        path = os.path.join(out, mode, "verdict.json")
        try:
            verdict = json.load(open(path))
        except (OSError, ValueError):
            return {"error": f"no verdict in {path}"}
        found[mode] = {
            "means": {a["id"]: round(a["mean"], 6) for a in verdict["arms"]},
            "winners": sorted(f"{p['a']}-{p['b']}:{p['winner']}" for p in verdict["pairs"] if p.get("winner")),
        }
    common = sorted(set(found["off"]["means"]) & set(found["auto"]["means"]))
    return {
        "metric": verdict.get("metric"),
        "mean_abs_difference_max": max((abs(found["off"]["means"][a] - found["auto"]["means"][a]) for a in common), default=None),
        "same_winners": found["off"]["winners"] == found["auto"]["winners"],
        **found,
    }


def read_safetensors(path):
    import torch  # the GPU host's PyTorch; the timing summary above needs none
    with open(path, "rb") as f:
        (size,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(size))
        data = f.read()
    dtypes = {"BF16": torch.bfloat16, "F16": torch.float16, "F32": torch.float32}
    tensors = {}
    for key, info in header.items():
        if key == "__metadata__":
            continue
        start, end = info["data_offsets"]
        tensors[key] = torch.frombuffer(bytearray(data[start:end]), dtype=dtypes[info["dtype"]]).float().reshape(info["shape"])
    return tensors


def rel_l2(a, b):
    keys = sorted(a)
    assert keys == sorted(b), "the two LoRAs have different keys"
    num = sum(float((a[k] - b[k]).pow(2).sum()) for k in keys)
    den = sum(float(b[k].pow(2).sum()) for k in keys)
    return (num / den) ** 0.5


def pixels(path):
    import numpy  # with Pillow, on the GPU host; the timing summary needs neither
    from PIL import Image
    return numpy.asarray(Image.open(path).convert("RGB"), dtype=numpy.float64)


def image_distance(a, b):
    """Mean absolute difference in 8-bit levels, and PSNR in dB (inf where equal)."""
    import numpy
    difference = pixels(a) - pixels(b)
    mse = float(numpy.mean(difference ** 2))
    return float(numpy.mean(numpy.abs(difference))), (float("inf") if mse == 0 else 10 * numpy.log10(255 ** 2 / mse))


def grid_distances(off, auto):
    """Per arm, every sample image the packed and the unpacked run both wrote, compared cell by cell; and as the scale
    to read that against, the same cells of every other arm in the unpacked run (the differences a grid shows)."""
    per_arm, between_arms = {}, []
    for arm, solo in off.items():
        packed = auto.get(arm, {}).get("samples", {})
        cells = sorted(set(solo["samples"]) & set(packed))
        if not cells:
            per_arm[arm] = {"error": "no sample image in both runs"}
            continue
        distances = [image_distance(packed[c], solo["samples"][c]) for c in cells]
        per_arm[arm] = {"cells": len(cells), "mean_abs_levels_max": round(max(d[0] for d in distances), 3),
                        "mean_abs_levels_mean": round(sum(d[0] for d in distances) / len(distances), 3),
                        "psnr_db_min": round(min(d[1] for d in distances), 2)}
        for other, other_lines in off.items():
            if other > arm:
                between_arms += [image_distance(solo["samples"][c], other_lines["samples"][c])[0]
                                 for c in cells if c in other_lines["samples"]]
    return {"packed_vs_unpacked": per_arm,
            "between_arms_mean_abs_levels_mean": round(sum(between_arms) / len(between_arms), 3) if between_arms else None}


def utilisation(path):
    if not os.path.exists(path):
        return None  # no nvidia-smi (a CPU smoke run)
    values = []
    for line in open(path):
        parts = [p.strip() for p in line.split(",")]
        if parts and parts[0].isdigit():
            values.append(int(parts[0]))
    return round(sum(values) / len(values), 1) if values else None


def main():
    out, work = sys.argv[1], sys.argv[2]
    summary = {"modes": {}, "arms": {}}
    lines = {}
    for mode in ("off", "auto"):
        folder = os.path.join(out, mode)
        lines[mode] = {arm: timeline(ev) for arm, ev in events(os.path.join(work, f"home-{mode}")).items()}
        wall = float(open(os.path.join(folder, "wall_seconds.txt")).read())
        summary["modes"][mode] = {
            "wall_seconds": wall,
            "mean_gpu_utilisation_percent": utilisation(os.path.join(folder, "gpu.csv")),
            "handover_seconds": handovers(lines[mode]),
            "next_arm_after_finished_seconds": handovers(lines[mode], since="finished"),
            # Where the wall time went: training (some arm stepping) and the rest (load, caching, checkpoints, samples, validation).
            "training_seconds": training_seconds(lines[mode]),
            "step_seconds_median": {arm: v["step_seconds_median"] for arm, v in lines[mode].items()},
            "arms": len(lines[mode]),
        }
    for arm, solo in lines["off"].items():
        packed = lines["auto"].get(arm)
        if not (solo["final_lora"] and packed and packed["final_lora"]):
            summary["arms"][arm] = {"error": "an arm did not finish in both runs"}
            continue
        try:
            summary["arms"][arm] = {"lora_rel_l2_packed_vs_solo": rel_l2(read_safetensors(packed["final_lora"]), read_safetensors(solo["final_lora"]))}
        except ImportError:
            summary["arms"][arm] = {"error": "no torch in this python to read the LoRAs"}
    off, auto = summary["modes"]["off"], summary["modes"]["auto"]
    summary["wall_ratio_auto_vs_off"] = round(auto["wall_seconds"] / off["wall_seconds"], 3)
    summary["verdicts"] = verdicts(out)
    try:
        summary["grids"] = grid_distances(lines["off"], lines["auto"])
    except ImportError:
        summary["grids"] = {"error": "no numpy/Pillow in this python to read the images"}
    json.dump(summary, open(os.path.join(out, "summary.json"), "w"), indent=2, default=str)
    print(json.dumps(summary, indent=2, default=str))


if __name__ == "__main__":
    main()
