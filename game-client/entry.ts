import "./ui/styles.css";
import { StartGame } from "./main.js";

const parent = document.getElementById("app");
if (!parent) throw new Error("index.html has no #app element");
StartGame(parent);
