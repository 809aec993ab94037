/**
 * Renderings of statistics, validation and drift results for people and machines: JSON
 * ({@link org.mlops4j.data.report.Reports#json}) and self-contained HTML pages with inline SVG
 * distribution charts ({@link org.mlops4j.data.report.HtmlReports}); no external script or style.
 */
package org.mlops4j.data.report;
