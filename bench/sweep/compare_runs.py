"""Summarises issue 18's sweep-level run (bench/gpu-sweep.sh): per packing mode the wall time, mean GPU utilisation
and the hand-over between arms on the slot (from one arm's last step, and from its `finished` event, to the next arm's
first step: the second leaves out the finishing arm's own last checkpoint, validation and samples), per arm how far
the packed arm's final LoRA lies from the unpacked one (relative L2 over all tensors, bf16 training on the GPU), and
whether the two runs' verdicts (`zsweep compare --verdict --json`, <out>/<mode>/verdict.json) agree. Reads the arms' worker logs, whose event lines the
worker host writes as `<UTC ISO-8601 time> <event JSON>`, and the final LoRA files their `finished` events name.

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


def timeline(arm_events):
    steps = [t for t, e in arm_events if e.get("event") == "step"]
    finished = [(t, e) for t, e in arm_events if e.get("event") == "finished"]
    started = [t for t, e in arm_events if e.get("event") == "started"]
    return {
        "started": min(started) if started else None,
        "finished": finished[-1][0] if finished else None,
        "first_step": min(steps) if steps else None,
        "last_step": max(steps) if steps else None,
        "final_lora": finished[-1][1].get("path") if finished else None,
    }


def handovers(lines, since="last_step"):
    """Seconds from one arm's last step (or `finished` event) to the next arm's first step, for arms in the order they
    started training; packed arms overlap and have none."""
    ordered = sorted((v for v in lines.values() if v["first_step"] and v[since]), key=lambda v: v["first_step"])
    return [round((b["first_step"] - a[since]).total_seconds(), 2) for a, b in zip(ordered, ordered[1:])
            if b["first_step"] > a[since]]


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
    json.dump(summary, open(os.path.join(out, "summary.json"), "w"), indent=2, default=str)
    print(json.dumps(summary, indent=2, default=str))


if __name__ == "__main__":
    main()
