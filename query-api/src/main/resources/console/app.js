// The console's router: #/customer[/<user id>], #/catalog[/<region>], #/pipeline.
import { renderCustomer } from "tb/customer";
import { renderCatalog } from "tb/catalog";
import { renderPipeline, stopPipeline } from "tb/pipeline";
import { KEY_STORAGE } from "tb/api";

const main = document.getElementById("main");

function route() {
  const [, page = "customer", arg = ""] = location.hash.split("/");
  document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", a.dataset.page === page));
  stopPipeline();
  document.body.removeAttribute("data-rendered");
  const id = decodeURIComponent(arg);
  if (page === "catalog") renderCatalog(main, id);
  else if (page === "pipeline") renderPipeline(main);
  else renderCustomer(main, id);
}

const keyForm = document.getElementById("key-form");
const keyInput = document.getElementById("api-key");
keyInput.value = localStorage.getItem(KEY_STORAGE) || "";
keyForm.addEventListener("submit", (event) => {
  event.preventDefault();
  if (keyInput.value.trim()) localStorage.setItem(KEY_STORAGE, keyInput.value.trim());
  else localStorage.removeItem(KEY_STORAGE);
  route();
});

window.addEventListener("hashchange", route);
route();
