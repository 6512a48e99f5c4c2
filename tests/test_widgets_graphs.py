"""Tests for lesson 4's graph explorer in nn_helpers.widgets: the steps, the layout, the drawing and the buttons."""

import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from nn_helpers import Value, widgets  # noqa: E402
from nn_helpers.autograd import topological_order  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def find(widget, kind, description=None):
    found = [widget] if isinstance(widget, kind) and description in (None, getattr(widget, "description", None)) else []
    for child in getattr(widget, "children", ()):
        found.extend(find(child, kind, description))
    return found


@pytest.mark.parametrize("name", widgets.GRAPH_EXAMPLES)
def test_steps_go_forward_then_backward_and_end_with_backwards_gradients(name):
    root = widgets.example_graph(name)
    order = topological_order(root)
    steps = widgets.graph_steps(root)
    n_ops = sum(1 for node in order if node._op)
    assert len(steps) == 1 + n_ops + 1 + n_ops  # inputs, forward per op, the seed, backward per op
    assert steps[0]["grads"] == {} and set(steps[0]["values"]) == {i for i, n in enumerate(order) if not n._op}
    assert set(steps[n_ops]["values"]) == set(range(len(order)))  # forward complete
    final = steps[-1]["grads"]
    expected = widgets.example_graph(name)
    expected.backward()
    assert [final[i] for i in range(len(order))] == pytest.approx([n.grad for n in topological_order(expected)])
    # values only ever appear, in topological order, one per forward step
    for before, after in zip(steps[:n_ops], steps[1:n_ops + 1]):
        assert len(after["values"]) == len(before["values"]) + 1


def test_the_chain_reproduces_the_hand_computed_table():
    steps = widgets.graph_steps(widgets.example_graph("chain"))
    values = widgets.chain_rule_values(1.5, 0.8, -0.5)
    texts = "\n".join(step["text"] for step in steps)
    assert f"dL/dz = {values['dL_dz']:.4g}" in texts
    assert f"dL/dw = {values['dL_dw']:.4g}" in texts and f"dL/dx = {values['dL_dx']:.4g}" in texts


def test_the_fan_out_step_shows_two_contributions_adding():
    root = widgets.example_graph("fan-out")
    steps = widgets.graph_steps(root)
    last = steps[-1]
    assert "dx = -1 + 2 = 1" in last["text"] and "ADD" in last["text"]
    x = next(node for node in topological_order(root) if node.label == "x")
    assert x.grad == 1.0


def test_a_value_used_twice_in_one_operation_gets_one_contribution_of_both_uses():
    x = Value(3.0, label="x")
    y = x * x
    y.label = "y"
    steps = widgets.graph_steps(y)
    assert steps[-1]["contributions"] == {0: 6.0}


def test_layout_puts_every_node_right_of_its_inputs_and_keeps_nodes_apart():
    for name in widgets.GRAPH_EXAMPLES:
        root = widgets.example_graph(name)
        order = topological_order(root)
        index = {id(node): i for i, node in enumerate(order)}
        position = widgets.graph_layout(root)
        for i, node in enumerate(order):
            for child in node._prev:
                assert position[index[id(child)]][0] < position[i][0]
        points = sorted(position.values())
        assert len(set(points)) == len(points)


def test_draw_graph_step_marks_the_active_node_and_the_edges_it_sends_gradients_along():
    root = widgets.example_graph("fan-out")
    steps = widgets.graph_steps(root)
    fig, ax = plt.subplots()
    widgets.draw_graph_step(root, steps, len(steps) - 1, ax)
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("+2") == 2  # the + node passes df/dq = 2 to both x and y ...
    assert "1" in texts  # ... and x's total, -1 + 2, is shown below it
    assert "step 5 of 5 (backward)" in ax.get_title()
    fig, ax = plt.subplots()
    widgets.draw_graph_step(root, steps, 0, ax)
    assert "(inputs)" in ax.get_title() and not any(t.get_text() == "+2" for t in ax.texts)


def test_explorer_steps_with_its_buttons_and_switches_graph():
    explorer = widgets.graph_explorer()
    assert repr(explorer).startswith("<graph explorer:")
    (text,) = find(explorer, ipywidgets.HTML)
    (image,) = find(explorer, ipywidgets.Image)
    (next_button,) = find(explorer, ipywidgets.Button, "next ▶")
    (back_button,) = find(explorer, ipywidgets.Button, "◀ back")
    (choice,) = find(explorer, ipywidgets.Dropdown)
    (step,) = find(explorer, ipywidgets.IntSlider)
    assert "The inputs" in text.value and image.value[:4] == b"\x89PNG"
    back_button.click()
    assert step.value == 0
    next_button.click()
    assert step.value == 1 and "q = w × x = 1.2" in text.value
    for _ in range(40):
        next_button.click()
    assert step.value == step.max == 11 and "dL/dw" in text.value
    choice.value = "fan-out"
    assert step.value == 0 and step.max == 5 and "x = 2, y = -3" in text.value


def test_bad_input_gets_a_clear_error():
    with pytest.raises(ValueError, match="unknown example graph"):
        widgets.example_graph("loop")
    with pytest.raises(ValueError, match="unknown example graph"):
        widgets.graph_explorer("loop")
    with pytest.raises(TypeError, match="Value at the end of a graph"):
        widgets.graph_steps(1.0)
