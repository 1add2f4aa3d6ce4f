// Sort a table by the column whose header button is pressed; again to reverse.
// Cells with a number sort as numbers, the rest as Dutch text.
for (const button of document.querySelectorAll("table.sorteer th button")) {
  button.addEventListener("click", () => {
    const header = button.closest("th");
    const table = header.closest("table");
    const column = [...header.parentElement.children].indexOf(header);
    const direction = header.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    for (const other of table.querySelectorAll("th")) other.removeAttribute("aria-sort");
    header.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
    const value = (row) => row.cells[column].textContent.trim();
    const compare = (a, b) => {
      const x = value(a), y = value(b);
      const numbers = x !== "" && y !== "" && !isNaN(Number(x)) && !isNaN(Number(y));
      return numbers ? Number(x) - Number(y) : x.localeCompare(y, "nl");
    };
    const body = table.tBodies[0];
    body.append(...[...body.rows].sort((a, b) => direction * compare(a, b)));
  });
}
