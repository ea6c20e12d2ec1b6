// Admin: a "Copy link" button beside a read-only link box puts the link on the clipboard. Without JavaScript
// the button stays hidden and the box can be selected and copied by hand.
(function () {
  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    var box = button.previousElementSibling;
    button.hidden = false;
    button.addEventListener("click", function () {
      box.select();
      var copied = navigator.clipboard
        ? navigator.clipboard.writeText(box.value)
        : Promise.resolve(document.execCommand("copy"));
      copied.then(function () {
        button.textContent = button.dataset.copied;
      });
    });
  });
})();
