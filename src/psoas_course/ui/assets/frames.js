// Static-book controller for a pre-rendered diagram: swaps frames as the controls change.
// No kernel, no network: the frames and their descriptions are in the page.
(function (root) {
  if (!root || root.dataset.ready) return;
  root.dataset.ready = "1";
  var data = JSON.parse(root.querySelector("script.psoas-frames").textContent);
  var drawing = root.querySelector(".psoas-drawing");
  var status = root.querySelector(".psoas-status");
  var inputs = Array.prototype.slice.call(root.querySelectorAll("[data-control]"));
  function valueOf(name) {
    var els = inputs.filter(function (el) { return el.dataset.control === name; });
    var el = els[0];
    if (el.type === "checkbox") return el.checked ? "1" : "0";
    if (el.type === "radio") {
      var on = els.filter(function (r) { return r.checked; })[0];
      return on ? on.value : el.value;
    }
    return String(Number(el.value));
  }
  // layer toggles show or hide a <g data-layer> group of the current frame
  var layers = inputs.filter(function (el) { return el.hasAttribute("data-layer"); });
  var shown = -1;
  function showLayers() {
    layers.forEach(function (el) {
      var groups = drawing.querySelectorAll('[data-layer="' + el.dataset.control + '"]');
      Array.prototype.forEach.call(groups, function (g) { g.style.display = el.checked ? "" : "none"; });
    });
  }
  function render() {
    var key = data.controls.map(valueOf).join("|");
    var frame = data.frames[key];
    if (!frame) return;
    if (frame[0] !== shown) { drawing.innerHTML = data.svg[frame[0]]; shown = frame[0]; }
    showLayers();
    status.textContent = frame[1];
    inputs.forEach(function (el) {
      if (el.type === "range") {
        var out = root.querySelector('output[for="' + el.id + '"]');
        if (out) out.textContent = el.value + (el.dataset.unit || "");
        el.setAttribute("aria-valuetext", el.value + (el.dataset.unit || ""));
      }
    });
  }
  inputs.forEach(function (el) { el.addEventListener("input", render); el.addEventListener("change", render); });
  Array.prototype.forEach.call(root.querySelectorAll("button[data-preset]"), function (button) {
    button.addEventListener("click", function () {
      var preset = JSON.parse(button.dataset.preset);
      inputs.forEach(function (el) {
        if (el.dataset.control in preset) el.value = preset[el.dataset.control];
      });
      render();
    });
  });
  // arrow keys on the focused drawing move its first slider (lesson 1: turn the view)
  var slider = inputs.filter(function (el) { return el.type === "range"; })[0];
  drawing.addEventListener("keydown", function (event) {
    if (!slider || (event.key !== "ArrowLeft" && event.key !== "ArrowRight")) return;
    event.preventDefault();
    if (event.key === "ArrowLeft") slider.stepDown(); else slider.stepUp();
    render();
  });
  // keep the status box as tall as its longest text, so a readout that wraps to one more
  // line does not push the rest of the lesson down while a slider moves
  var texts = {};
  Object.keys(data.frames).forEach(function (k) { texts[data.frames[k][1]] = 1; });
  var longest = Object.keys(texts).sort(function (a, b) { return b.length - a.length; }).slice(0, 6);
  function reserve() {
    var keep = status.textContent, tallest = 0;
    status.style.minHeight = "";
    longest.forEach(function (t) { status.textContent = t; tallest = Math.max(tallest, status.offsetHeight); });
    status.textContent = keep;
    if (tallest) { status.style.boxSizing = "border-box"; status.style.minHeight = tallest + "px"; }
  }
  render();
  reserve();
  var width = root.clientWidth;
  window.addEventListener("resize", function () {
    if (root.clientWidth !== width) { width = root.clientWidth; reserve(); }
  });
})(document.currentScript && document.currentScript.parentElement);
