// Interactive explorations of the lecture site: each knob of a <figure class="course-explore">
// selects one value of its grid; the frame for the chosen setting is the file
// <data-base><index>.png, index = the settings in row-major order (last knob fastest).
(function () {
  "use strict";
  function setup(fig) {
    var shape = fig.getAttribute("data-shape").split(",").map(Number);
    var base = fig.getAttribute("data-base");
    var img = fig.querySelector("img.course-explore-frame");
    var knobs = Array.prototype.slice.call(fig.querySelectorAll("[data-knob]"));
    function show() {
      var index = 0;
      knobs.forEach(function (k) {
        var i = Number(k.getAttribute("data-knob"));
        var v = k.type === "checkbox" ? (k.checked ? 1 : 0) : Number(k.value);
        index = index * shape[i] + v;
        var out = k.parentNode.querySelector("output");
        if (out) out.textContent = k.getAttribute("data-values").split("|")[v];
      });
      img.src = base + ("000" + index).slice(-4) + ".png";
    }
    knobs.forEach(function (k) { k.addEventListener("input", show); k.addEventListener("change", show); });
  }
  function all() { Array.prototype.forEach.call(document.querySelectorAll("figure.course-explore"), setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all); else all();
})();
