"""Reading an executed notebook's outputs, for the tests that run student versions."""


def output_text(cell):
    """Everything a code cell showed as text: its streams, its results' text/plain and its tracebacks."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type in ("execute_result", "display_data"):
            parts.append(out.data.get("text/plain", ""))
        elif out.output_type == "error":
            parts.append("\n".join(out.traceback))
    return "".join(parts)
