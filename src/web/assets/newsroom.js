// The newsroom's one script: a live preview while composing, and tag suggestions from
// the known tags. Every page works without it (the Preview button does the same).
(function () {
  'use strict';
  var form = document.getElementById('compose-form');
  if (!form) return;
  var csrf = form.querySelector('input[name="_csrf"]').value;
  var preview = document.getElementById('preview');
  var timer = null;
  var asked = 0;

  function refresh() {
    var mine = ++asked;
    var body = new URLSearchParams(new FormData(form));
    fetch('/admin/compose/preview', {
      method: 'POST',
      headers: { 'x-csrf-token': csrf },
      body: body,
      credentials: 'same-origin',
    })
      .then(function (r) {
        return r.ok ? r.text() : null;
      })
      .then(function (html) {
        // The server renders the fragment and escapes every value in it.
        if (html !== null && mine === asked) preview.innerHTML = html;
      })
      .catch(function () {});
  }
  form.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });

  var tags = document.getElementById('tags');
  var options = document.getElementById('tag-options');
  var suggestTimer = null;
  tags.addEventListener('input', function () {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(function () {
      var value = tags.value;
      var cut = value.lastIndexOf(',');
      var before = cut < 0 ? '' : value.slice(0, cut + 1) + ' ';
      var typed = value
        .slice(cut + 1)
        .trim()
        .replace(/^#/, '');
      fetch('/admin/tags/complete?q=' + encodeURIComponent(typed), { credentials: 'same-origin' })
        .then(function (r) {
          return r.ok ? r.json() : [];
        })
        .then(function (found) {
          options.replaceChildren();
          found.forEach(function (t) {
            var option = document.createElement('option');
            option.value = before + t.name;
            option.textContent = t.name + ' (' + t.followers + ' followers)';
            options.appendChild(option);
          });
        })
        .catch(function () {});
    }, 200);
  });
})();
