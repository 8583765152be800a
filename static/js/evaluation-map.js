// The dashboard's map: Parties coloured by needs-assessment status or by trainees trained,
// drawn as SVG from the vendored Natural Earth shapes (world-atlas + topojson-client).
// Figures and words come from json_script elements rendered by the template (no inline
// scripts: the CSP forbids them). Hover or focus shows a country and its figures.
(function () {
  "use strict";
  const wrap = document.querySelector(".map-wrap");
  if (!wrap || typeof topojson === "undefined") {
    return;
  }
  const data = JSON.parse(document.getElementById(wrap.dataset.map).textContent);
  const texts = JSON.parse(document.getElementById(wrap.dataset.texts).textContent);
  const figure = wrap.closest("figure");
  const tooltip = figure.querySelector(".map-tooltip");
  const legend = figure.querySelector(".map-legend");
  const STATUS = {
    not_started: "#c5cbd1",
    draft: "#f2c14e",
    returned: "#d9480f",
    submitted: "#2b8a3e",
  };
  const TRAINEE_STEPS = [1, 25, 100, 250];
  const TRAINEE_COLOURS = ["#d0ebff", "#74c0fc", "#1c7ed6", "#0b3d91"];
  const NOT_PARTY = "#ffffff";
  const byId = new Map(data.countries.filter((c) => c.id).map((c) => [String(c.id), c]));
  const number = new Intl.NumberFormat(document.documentElement.lang || "en");
  const SVG = "http://www.w3.org/2000/svg";
  const WIDTH = 960;
  const HEIGHT = 470;

  // Equirectangular projection, Antarctica cut off: every country keeps its place and size
  // in latitude and longitude, which is all a status map needs.
  function project(point) {
    return [((point[0] + 180) / 360) * WIDTH, ((84 - point[1]) / 142) * HEIGHT];
  }

  function ringPath(ring) {
    let d = "";
    let previous = null;
    ring.forEach((point, index) => {
      const [x, y] = project(point);
      // A ring crossing the antimeridian would draw a line across the world: jump instead.
      const jump = previous && Math.abs(point[0] - previous[0]) > 180;
      d += (index === 0 || jump ? "M" : "L") + x.toFixed(1) + " " + y.toFixed(1);
      previous = point;
    });
    return d + "Z";
  }

  function pathOf(geometry) {
    if (!geometry) {
      return "";
    }
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    return polygons.map((polygon) => polygon.map(ringPath).join("")).join("");
  }

  function traineeColour(count) {
    let colour = STATUS.not_started;
    TRAINEE_STEPS.forEach((step, index) => {
      if (count >= step) {
        colour = TRAINEE_COLOURS[index];
      }
    });
    return colour;
  }

  function colourOf(country, mode) {
    if (!country) {
      return NOT_PARTY;
    }
    return mode === "trainees" ? traineeColour(country.trainees) : STATUS[country.status];
  }

  function describe(name, country) {
    if (!country) {
      return name + ": " + texts.not_party;
    }
    return (
      country.name + ": " + texts.status[country.status] + " · " + texts.trainees + ": " +
      number.format(country.trainees)
    );
  }

  function drawLegend(mode) {
    legend.replaceChildren();
    const items =
      mode === "trainees"
        ? [[STATUS.not_started, texts.none]].concat(
            TRAINEE_STEPS.map((step, index) => [
              TRAINEE_COLOURS[index],
              "≥ " + number.format(step) + " " + texts.trainees.toLowerCase(),
            ])
          )
        : Object.keys(STATUS).map((key) => [STATUS[key], texts.status[key]]);
    items.push([NOT_PARTY, texts.not_party]);
    items.forEach(([colour, label]) => {
      const item = document.createElement("span");
      item.className = "map-key";
      const swatch = document.createElement("span");
      swatch.className = "map-swatch";
      swatch.style.backgroundColor = colour;
      item.append(swatch, label);
      legend.append(item);
    });
  }

  function paint(svg, mode) {
    svg.querySelectorAll("path.country").forEach((path) => {
      const country = byId.get(path.dataset.id || "");
      path.setAttribute("fill", colourOf(country, mode));
      path.setAttribute("stroke", country ? "#ffffff" : "#adb5bd");
    });
    svg.dataset.mode = mode;
    drawLegend(mode);
  }

  fetch(wrap.dataset.shapes)
    .then((response) => response.json())
    .then((world) => {
      const features = topojson.feature(world, world.objects.countries).features;
      const svg = document.createElementNS(SVG, "svg");
      svg.setAttribute("viewBox", "0 0 " + WIDTH + " " + HEIGHT);
      svg.setAttribute("xmlns", SVG);
      svg.setAttribute("class", "map-svg");
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-labelledby", "chart-map-title");
      const background = document.createElementNS(SVG, "rect");
      background.setAttribute("width", WIDTH);
      background.setAttribute("height", HEIGHT);
      background.setAttribute("fill", "#ffffff");
      svg.append(background);
      features.forEach((feature) => {
        if (feature.properties.name === "Antarctica") {
          return;
        }
        const path = document.createElementNS(SVG, "path");
        const country = byId.get(String(feature.id));
        path.setAttribute("d", pathOf(feature.geometry));
        path.setAttribute("class", "country");
        path.setAttribute("stroke", "#ffffff");
        path.setAttribute("stroke-width", "0.5");
        if (feature.id !== undefined) {
          path.dataset.id = String(Number(feature.id)).padStart(3, "0");
        }
        if (country) {
          path.dataset.iso = country.iso2;
          path.dataset.status = country.status;
          if (wrap.dataset.profile) {
            // A Party's shape opens its country profile (the table below links to it too).
            path.classList.add("has-profile");
            path.addEventListener("click", () => {
              window.location.href = wrap.dataset.profile.replace("XX", country.iso2);
            });
          }
        }
        const title = document.createElementNS(SVG, "title");
        title.textContent = describe(feature.properties.name, country);
        path.append(title);
        path.addEventListener("mouseenter", () => {
          tooltip.textContent = title.textContent;
        });
        svg.append(path);
      });
      wrap.replaceChildren(svg);
      paint(svg, "status");
      figure.querySelectorAll("input[name=map-mode]").forEach((input) => {
        input.addEventListener("change", () => paint(svg, input.value));
      });
      figure.querySelector(".map-svg-download").addEventListener("click", (event) => {
        event.preventDefault();
        const blob = new Blob([new XMLSerializer().serializeToString(svg)], {
          type: "image/svg+xml",
        });
        const link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = "map-" + svg.dataset.mode + ".svg";
        link.click();
        URL.revokeObjectURL(link.href);
      });
    });
})();
