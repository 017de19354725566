// Swagger UI on this server's own /openapi.json (an external file: the page allows no inline script).
window.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("swagger-ui");
  // Its server list is a select inside an empty label: it gets a name once drawn.
  const named = () => document.getElementById("servers")?.setAttribute("aria-label", "Server");
  window.ui = SwaggerUIBundle({
    url: root.dataset.spec,
    dom_id: "#swagger-ui",
    // No deep links: Swagger UI draws each as a link inside the operation's button, a control inside a
    // control that keyboards and screen readers cannot reach apart.
    deepLinking: false,
    onComplete: named,
  });
});
