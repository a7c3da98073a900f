#!/usr/bin/env python3
"""Prints the crashed thread of each .NET crash report in a folder (written by createdump when a process dies of a
signal with DOTNET_EnableCrashReport=1; see test.sh). A test host killed by SIGSEGV inside libtorch reports no failed
test, only an exit code; the stack is what says which native call and which managed caller it was."""
import json
import pathlib
import sys


def frame_text(frame):
    if frame.get("is_managed") == "true":
        name = frame.get("method_name") or "?"
        return f"  [managed] {frame.get('filename', '?')}!{name} +{frame.get('il_offset', '?')}"
    return f"  [native]  {frame.get('native_module', '?')}!{frame.get('unmanaged_name', frame.get('native_image_offset', '?'))}"


def main(folder):
    for report in sorted(pathlib.Path(folder).glob("*.crashreport.json")):
        payload = json.loads(report.read_text())
        threads = payload["payload"]["threads"]
        crashed = [t for t in threads if t.get("crashed") == "true"] or threads[:1]
        print(f"{report.name}: {payload['payload'].get('process_name', '?')}, "
              f"exception {payload.get('parameters', {}).get('ExceptionType', '?')}, {len(threads)} threads; crashed thread:")
        for frame in crashed[0]["stack_frames"][:40]:
            print(frame_text(frame))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
