// The hosted pages' one stylesheet and one script, served from Heed itself so the pages' Content Security
// Policy can forbid everything else. The script is an enhancement: every page works without it.

export const hostedCss = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:100%;line-height:1.5;color:#1f2937;background:#f3f4f6}
body{margin:0;padding:1rem}
.card{max-width:40rem;margin:0 auto;background:#fff;border-radius:.75rem;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
@media (min-width:40rem){body{padding:3rem 1rem}.card{padding:2rem}}
h1{font-size:1.25rem;line-height:1.35;margin:0 0 .75rem;font-weight:650}
.brand{margin:0 0 1rem;font-size:.875rem;color:#4b5563;font-weight:600}
fieldset{border:0;margin:0 0 1.25rem;padding:0;min-width:0}
legend{padding:0;margin:0 0 .5rem;font-weight:600}
legend h1{margin:0}
label{display:block;font-weight:600;margin:0 0 .375rem}
.hint{font-weight:400;color:#4b5563}
.question{margin:0 0 1.25rem}
.scale{display:grid;grid-template-columns:repeat(auto-fit,minmax(2.75rem,1fr));gap:.375rem}
.scale label{display:flex;align-items:center;justify-content:center;min-height:2.75rem;margin:0;border:1px solid #6b7280;border-radius:.5rem;font-weight:600;cursor:pointer;background:#fff;color:#1f2937;user-select:none}
.scale label:hover{border-color:#1d4ed8;background:#eff6ff}
.scale input:checked+label{background:#1d4ed8;border-color:#1d4ed8;color:#fff}
.scale input:focus-visible+label,.choice input:focus-visible+label,button:focus-visible,textarea:focus-visible,input[type=email]:focus-visible{outline:3px solid #b45309;outline-offset:2px}
.stars .scale label{font-size:.875rem;letter-spacing:-.05em}
.anchors{display:flex;justify-content:space-between;gap:1rem;margin:.5rem 0 0;font-size:.875rem;color:#4b5563}
.choices{display:grid;gap:.375rem}
.choice{display:flex;align-items:center;gap:.5rem}
.choice label,.consent label{display:inline;font-weight:400;margin:0}
.consent{display:flex;gap:.5rem;align-items:flex-start}
.choice input,.consent input{width:1.25rem;height:1.25rem;margin:0;flex:none;accent-color:#1d4ed8}
textarea,input[type=email]{width:100%;font:inherit;padding:.625rem .75rem;border:1px solid #6b7280;border-radius:.5rem;color:#1f2937;background:#fff}
textarea{resize:vertical;min-height:6rem}
button{font:inherit;font-weight:600;padding:.75rem 1.5rem;min-height:2.75rem;border:0;border-radius:.5rem;background:#1d4ed8;color:#fff;cursor:pointer;width:100%}
@media (min-width:40rem){button{width:auto}}
button:hover{background:#1e40af}
button:disabled{background:#4b5563;cursor:progress}
.recorded{margin:0 0 1rem;padding:.625rem .75rem;border-radius:.5rem;background:#ecfdf5;color:#065f46;font-weight:600}
.notice{margin:1.5rem 0 0;font-size:.8125rem;color:#4b5563}
.error{color:#b91c1c;font-weight:600;margin:0 0 .375rem}
[aria-invalid=true] .scale label,textarea[aria-invalid=true],input[aria-invalid=true]{border-color:#b91c1c}
.error-summary{border:2px solid #b91c1c;border-radius:.5rem;padding:.75rem 1rem;margin:0 0 1.25rem}
.error-summary p{margin:0 0 .25rem;font-weight:600}
.error-summary ul{margin:0;padding-left:1.25rem}
.error-summary a{color:#b91c1c}
.visually-hidden{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
[hidden]{display:none!important}
@media (prefers-reduced-motion:no-preference){.scale label{transition:background-color .1s,border-color .1s}}
`;

export const hostedJs = `
(function () {
  var form = document.querySelector('form[data-send-label]');
  if (!form) return;
  var button = form.querySelector('button[type=submit]');
  if (form.elements.js) form.elements.js.value = '1';
  // With the script, follow-ups appear with the score: one page, one submission.
  if (form.getAttribute('data-two-steps') === 'yes') button.textContent = form.getAttribute('data-send-label');
  function chosenScore() {
    var checked = form.querySelector('input[name=score]:checked');
    return checked ? Number(checked.value) : null;
  }
  function update() {
    var score = chosenScore();
    var blocks = form.querySelectorAll('[data-show-min]');
    for (var i = 0; i < blocks.length; i++) {
      var block = blocks[i];
      var show = score !== null && score >= Number(block.getAttribute('data-show-min')) && score <= Number(block.getAttribute('data-show-max'));
      block.hidden = !show;
      // Fields of a hidden question are not sent: it was not asked.
      var fields = block.querySelectorAll('input, textarea');
      for (var j = 0; j < fields.length; j++) fields[j].disabled = !show;
    }
  }
  form.addEventListener('change', function (event) {
    if (event.target && event.target.name === 'score') update();
  });
  update();
  var label = button.textContent;
  form.addEventListener('submit', function () {
    // Sent once: a second click would only repeat the same submission.
    setTimeout(function () { button.disabled = true; button.textContent = form.getAttribute('data-sending-label'); }, 0);
  });
  // Back from the next page (the browser's page cache): the form can be used again.
  window.addEventListener('pageshow', function () { button.disabled = false; button.textContent = label; });
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();
})();
`;
