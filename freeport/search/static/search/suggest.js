/* Progressive enhancement of the header search box: suggestions from
   GET /api/v1/search/suggest as lists of links under the box (popular searches, then brands,
   categories and products). Without JavaScript the box is a
   plain GET form to /search/. Text is set with textContent, never parsed as HTML. */
(function () {
  var form = document.querySelector("form.site-search");
  if (!form || !window.fetch) { return; }
  var input = form.querySelector("input[name=q]");
  var box = document.getElementById(form.getAttribute("data-suggestions"));
  var english = (document.documentElement.lang || "").indexOf("en") === 0;
  var kinds = JSON.parse(form.getAttribute("data-kinds") || "{}");
  var timer = null, last = "";

  var popular = box.querySelector(".suggest-popular");

  function close() { box.hidden = true; }
  function link(url, label, kind, kindClass) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = url;
    var text = document.createElement("span");
    text.textContent = label;
    var tag = document.createElement("span");
    tag.className = kindClass;
    tag.textContent = kind;
    a.appendChild(text); a.appendChild(tag); li.appendChild(a);
    return li;
  }
  /* Popular queries first, under their group label, then brands, categories and products. */
  function render(items, queries) {
    var list = box.querySelector("ul.suggest-names");
    var top = popular.querySelector("ul");
    list.textContent = "";
    top.textContent = "";
    queries.forEach(function (item) {
      top.appendChild(link(item.url, item.query, kinds.popular || "", "visually-hidden"));
    });
    items.forEach(function (item) {
      var label = english ? (item.text_en || item.text_zh) : (item.text_zh || item.text_en);
      list.appendChild(link(item.url, label, kinds[item.kind] || "", "kind"));
    });
    popular.hidden = queries.length === 0;
    box.hidden = items.length === 0 && queries.length === 0;
  }
  function load() {
    var q = input.value.trim();
    if (q === last) { return; }
    last = q;
    if (!q) { render([], []); return; }
    fetch(form.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
      .then(function (body) {
        if (input.value.trim() === q) { render(body.suggestions || [], body.popular || []); }
      })
      .catch(function () { render([], []); });
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(load, 150); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { close(); }
    if (event.key === "ArrowDown" && !box.hidden) {
      var first = box.querySelector("a");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  box.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(box.querySelectorAll("a"));
    var i = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && i < links.length - 1) { event.preventDefault(); links[i + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
    if (event.key === "Escape") { close(); input.focus(); }
  });
  document.addEventListener("click", function (event) { if (!form.contains(event.target)) { close(); } });
})();
