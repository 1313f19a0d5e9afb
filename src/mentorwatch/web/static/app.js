// Progressive enhancement: the pages work without it. Hides the days fields of a rule that is
// switched off, and shows them (with the proposed default) when it is switched on.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
  for (const block of document.querySelectorAll(".days[data-when]")) {
    const name = block.dataset.when;
    const radios = document.querySelectorAll(`input[name="${name}"]`);
    const update = () => {
      const on = document.querySelector(`input[name="${name}"][value="yes"]`).checked;
      block.classList.toggle("hidden", !on);
    };
    radios.forEach((radio) => radio.addEventListener("change", update));
    update();
  }
});
