// The console's router: #/customer[/<user id>], #/catalog[/<region>], #/pipeline.
import { renderCustomer } from "tb/customer";
import { renderCatalog } from "tb/catalog";
import { renderPipeline, stopPipeline } from "tb/pipeline";

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

window.addEventListener("hashchange", route);
route();
