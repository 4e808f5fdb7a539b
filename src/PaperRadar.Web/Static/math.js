// Renders the LaTeX in titles and abstracts ($\mathcal{O}(n)$) with KaTeX, served from this site. Kept in a file of
// its own because the Content-Security-Policy allows no inline script.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof renderMathInElement !== "function") {
    return;
  }
  document.querySelectorAll(".math").forEach(function (element) {
    renderMathInElement(element, {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "\\[", right: "\\]", display: true },
        { left: "$", right: "$", display: false },
        { left: "\\(", right: "\\)", display: false }
      ],
      throwOnError: false
    });
  });
});
