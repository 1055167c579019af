// Progress without an account, with JavaScript (franchise/progress.py is the path without):
// the watched episode ids live in localStorage, ticks apply at once and ask nothing of the
// server. The first time, the ticks the page came with (from the `watched` cookie) are
// taken in. Any input[data-watched-ids] gets the ids, comma-joined (the spoiler horizon
// form). Without storage (private modes may refuse it) the form posts as without script.

const KEY = "showbible:watched";

function storage() {
  try {
    const probe = `${KEY}:probe`;
    window.localStorage.setItem(probe, "1");
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch {
    return null;
  }
}

function load(store) {
  try {
    const raw = store.getItem(KEY);
    const ids = raw === null ? null : JSON.parse(raw);
    return Array.isArray(ids) ? new Set(ids.filter((id) => Number.isInteger(id) && id > 0)) : null;
  } catch {
    return null;
  }
}

function save(store, watched) {
  store.setItem(KEY, JSON.stringify([...watched].sort((a, b) => a - b)));
}

const seasonIds = (box) =>
  box.dataset.watchedSeason.split(",").filter(Boolean).map(Number);

function controls(form) {
  const elements = [...form.elements];
  return {
    episodes: elements.filter((el) => el.matches("input[type=checkbox][data-watched]")),
    seasons: elements.filter((el) => el.matches("input[type=checkbox][data-watched-season]")),
  };
}

function render(forms, watched) {
  for (const form of forms) {
    const { episodes, seasons } = controls(form);
    const shown = new Set(episodes.map((box) => Number(box.value)));
    for (const box of episodes) {
      box.checked = watched.has(Number(box.value));
    }
    for (const box of seasons) {
      const ids = seasonIds(box);
      ids.forEach((id) => shown.add(id));
      const seen = ids.filter((id) => watched.has(id)).length;
      box.checked = ids.length > 0 && seen === ids.length;
      box.indeterminate = seen > 0 && seen < ids.length;
      const count = box.closest(".tick-season")?.querySelector("[data-season-count]");
      if (count) count.textContent = `(${seen} of ${ids.length})`;
    }
    const count = form.querySelector("[data-progress-count]");
    if (count) count.textContent = String([...shown].filter((id) => watched.has(id)).length);
  }
  const joined = [...watched].sort((a, b) => a - b).join(",");
  for (const input of document.querySelectorAll("input[data-watched-ids]")) {
    input.value = joined;
  }
}

function announce(form, text) {
  const status = form.querySelector("[data-progress-status]");
  if (!status) return;
  // Emptied first, so that the same words are announced again.
  status.textContent = "";
  window.setTimeout(() => {
    status.textContent = text;
  }, 50);
}

function start() {
  const store = storage();
  if (!store) return;
  const forms = [...document.querySelectorAll("form[data-progress]")];
  let watched = load(store);
  if (watched === null) {
    watched = new Set();
    for (const form of forms) {
      const { episodes, seasons } = controls(form);
      episodes.filter((box) => box.checked).forEach((box) => watched.add(Number(box.value)));
      seasons.filter((box) => box.checked).forEach((box) => seasonIds(box).forEach((id) => watched.add(id)));
    }
    if (watched.size) save(store, watched);
  }
  render(forms, watched);

  document.addEventListener("change", (event) => {
    const box = event.target;
    const form = box.form;
    if (!form || !forms.includes(form) || box.type !== "checkbox") return;
    const ids = box.matches("[data-watched-season]") ? seasonIds(box) : [Number(box.value)];
    for (const id of ids) {
      if (box.checked) watched.add(id);
      else watched.delete(id);
    }
    save(store, watched);
    render(forms, watched);
    announce(form, "Saved in this browser.");
  });

  for (const form of forms) {
    form.addEventListener("submit", (event) => {
      if (event.submitter?.matches("[data-progress-clear]")) {
        // Clearing also clears the cookie: the form posts, and the next page starts afresh.
        store.removeItem(KEY);
        return;
      }
      event.preventDefault();
      save(store, watched);
      announce(form, "Saved in this browser.");
    });
  }
}

start();
