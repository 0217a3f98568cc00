using PuppeteerSharp;

namespace TrkbSim.Web.Tests;

/// <summary>The main flows in a real headless Chromium against a real server: nothing mocked.</summary>
[Collection("browser")]
public sealed class BrowserTests(BrowserFixture browser)
{
    const string ChartSeries = "id => JSON.parse(document.querySelector(`[data-testid=chart-${id}]`).dataset.series)";
    const string LastValues = "id => { const p = window.__trkbsim.charts[id]; return p.data.slice(1).map(y => { for (let i = y.length - 1; i >= 0; i--) if (y[i] !== null) return y[i]; return null; }); }";

    static async Task<string[]> Series(IPage page, string id) => await page.EvaluateFunctionAsync<string[]>(ChartSeries, id);
    static async Task<double[]> Last(IPage page, string id) => await page.EvaluateFunctionAsync<double[]>(LastValues, id);

    static async Task TypeInto(IPage page, string testId, string text)
    {
        await page.ClickAsync($"[data-testid={testId}]", new PuppeteerSharp.Input.ClickOptions { Count = 3 });
        await page.Keyboard.PressAsync("End");
        await page.EvaluateFunctionAsync("s => { const e = document.querySelector(s); e.select(); }", $"[data-testid={testId}]");
        await page.Keyboard.TypeAsync(text);
    }

    static Task WaitForStatus(IPage page, string text) =>
        page.WaitForFunctionAsync("t => (document.querySelector('[data-testid=status]')?.textContent || '').includes(t)", new WaitForFunctionOptions { Timeout = 60_000 }, text);

    [Fact]
    public async Task Choosing_a_drug_and_dose_and_running_changes_the_plotted_series_and_values()
    {
        var (page, errors) = await browser.NewPage();
        await using var _ = page;
        await page.GoToAsync(browser.BaseUrl + "#/regimen");
        await WaitForStatus(page, "1 regimen simulated");
        Assert.Equal(["A: fluoxetine", "A: norfluoxetine"], await Series(page, "plasma"));
        double madrsBefore = (await Last(page, "outcome"))[0];
        double sertBefore = (await Last(page, "occupancy"))[0];

        await page.SelectAsync("[data-testid=in-drug]", "sertraline");
        await TypeInto(page, "in-dose", "100mg");
        await page.ClickAsync("[data-testid=run]");
        await page.WaitForFunctionAsync($"() => ({ChartSeries})('plasma').includes('A: sertraline')");
        await WaitForStatus(page, "1 regimen simulated");

        Assert.Contains("A: sertraline", await Series(page, "plasma"));
        double madrsAfter = (await Last(page, "outcome"))[0];
        double sertAfter = (await Last(page, "occupancy"))[0];
        Assert.NotEqual(madrsBefore, madrsAfter);
        Assert.NotEqual(sertBefore, sertAfter);
        Assert.InRange(sertAfter, 50, 100);
        Assert.InRange(madrsAfter, 0, 60);
        string summary = await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=regimen-summary]').textContent");
        Assert.Contains("sertraline 100mg oral every 24h for 8w", summary, StringComparison.Ordinal);

        // The view is in the URL: opening it elsewhere shows the same regimen.
        string url = page.Url;
        Assert.Contains("sertraline", Uri.UnescapeDataString(url), StringComparison.Ordinal);
        var (copy, copyErrors) = await browser.NewPage();
        await using (copy)
        {
            await copy.GoToAsync(url);
            await WaitForStatus(copy, "1 regimen simulated");
            Assert.Contains("A: sertraline", await Series(copy, "plasma"));
            Assert.Equal(madrsAfter, (await Last(copy, "outcome"))[0]);
            Assert.Empty(copyErrors);
        }
        await DocScreenshots.Save(page, "regimen");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Two_regimens_are_overlaid_and_compared()
    {
        var (page, errors) = await browser.NewPage();
        await using var _ = page;
        await page.GoToAsync(browser.BaseUrl + "#/regimen");
        await WaitForStatus(page, "1 regimen simulated");
        await page.ClickAsync("[data-testid=add-regimen]");
        await page.WaitForSelectorAsync("[data-testid=chip-B].active");
        await TypeInto(page, "in-dose", "60mg");
        await page.ClickAsync("[data-testid=run]");
        await WaitForStatus(page, "2 regimens simulated");

        Assert.Equal(["A: MADRS", "B: MADRS"], await Series(page, "outcome"));
        var occupancy = await Series(page, "occupancy");
        Assert.Contains("A: TRKB", occupancy);
        Assert.Contains("B: TRKB", occupancy);
        var trkb = await Last(page, "occupancy");
        int a = Array.IndexOf(occupancy, "A: TRKB"), b = Array.IndexOf(occupancy, "B: TRKB");
        Assert.True(trkb[b] > trkb[a], $"60 mg should occupy more TRKB than 20 mg: {trkb[b]} vs {trkb[a]}");
        int rows = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('[data-testid=regimen-summary] tbody tr').length");
        Assert.Equal(2, rows);
        await DocScreenshots.Save(page, "regimen-compare");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_200_subject_trial_runs_with_progress_and_shows_its_summary_and_answers_a_query()
    {
        var (page, errors) = await browser.NewPage();
        await using var _ = page;
        await page.GoToAsync(browser.BaseUrl + "#/trials");
        await page.WaitForSelectorAsync("[data-testid=trial-start]");
        Assert.Equal("200", await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=trial-n]').value"));
        await TypeInto(page, "trial-weeks", "4");
        await page.ClickAsync("[data-testid=trial-start]");
        await page.WaitForSelectorAsync("[data-testid=trial-progress]");
        await page.WaitForSelectorAsync("[data-testid=trial-summary]", new WaitForSelectorOptions { Timeout = 180_000 });

        string headline = await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=trial-headline]').textContent");
        Assert.Contains("fluoxetine: week 4 response", headline, StringComparison.Ordinal);
        Assert.Contains("placebo: week 4 response", headline, StringComparison.Ordinal);
        string title = await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=trial-results] h3').textContent");
        Assert.Contains("400 subjects simulated", title, StringComparison.Ordinal);
        int summaryRows = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('[data-testid=trial-summary] tbody tr').length");
        Assert.Equal(2 * 6, summaryRows); // baseline, day 1, weeks 1-4
        Assert.Equal(["fluoxetine median", "fluoxetine 5\u201395 %", "placebo median", "placebo 5\u201395 %"], await Series(page, "trial-madrs"));
        Assert.Equal(["fluoxetine", "placebo"], await Series(page, "trial-response"));

        await page.ClickAsync("[data-testid=query-run]");
        await page.WaitForSelectorAsync("[data-testid=query-result] table");
        int queryRows = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('[data-testid=query-result] tbody tr').length");
        Assert.Equal(2 * 6, queryRows);
        await page.EvaluateFunctionAsync("() => { const t = document.querySelector('[data-testid=sql]'); t.value = 'DELETE FROM summary'; }");
        await page.ClickAsync("[data-testid=query-run]");
        await page.WaitForSelectorAsync("[data-testid=query-result] [data-testid=error]");
        string refused = await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=query-result]').textContent");
        Assert.Contains("only a read-only SELECT", refused, StringComparison.Ordinal);
        await page.EvaluateFunctionAsync("() => { const t = document.querySelector('[data-testid=sql]'); t.value = 'SELECT arm, week, response_rate, remission_rate FROM summary ORDER BY arm, week'; }");
        await page.ClickAsync("[data-testid=query-run]");
        await page.WaitForSelectorAsync("[data-testid=query-result] table");
        await page.EvaluateExpressionAsync("window.scrollTo(0, 0)");
        await DocScreenshots.Save(page, "trials");
        // The browser's console shows the 400 of the refused query; nothing else may be there.
        Assert.All(errors, e => Assert.Contains("400", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_model_text_error_is_shown_at_its_line_and_column()
    {
        var (page, errors) = await browser.NewPage();
        await using var _ = page;
        await page.GoToAsync(browser.BaseUrl + "#/model");
        await page.WaitForFunctionAsync("() => (document.querySelector('[data-testid=model-text]')?.value || '').length > 1000");

        await page.ClickAsync("[data-testid=model-run]");
        await page.WaitForSelectorAsync("[data-testid=model-ok]");
        Assert.Contains("madrs", await Series(page, "model-madrs"));

        await page.EvaluateFunctionAsync("""
            () => {
              const t = document.querySelector('[data-testid=model-text]');
              const lines = t.value.split('\n');
              lines.splice(2, 0, 'k_bad = 2 +* 3');
              t.value = lines.join('\n');
              t.dispatchEvent(new Event('input', { bubbles: true }));
            }
            """);
        await page.ClickAsync("[data-testid=model-run]");
        await page.WaitForSelectorAsync("[data-testid=model-error-line]");
        string where = await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=model-error-line]').textContent");
        Assert.Equal("line 3, column 12: ", where);
        string message = await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=model-message]').textContent");
        Assert.Contains("expected a number, a name or '('", message, StringComparison.Ordinal);
        Assert.Equal("3", (await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=model-gutter] .bad').textContent")).Trim());
        int caret = await page.EvaluateExpressionAsync<int>("document.querySelector('[data-testid=model-text]').selectionStart");
        int lineStart = await page.EvaluateExpressionAsync<int>("document.querySelector('[data-testid=model-text]').value.split('\\n').slice(0, 2).join('\\n').length + 1");
        Assert.Equal(lineStart + 11, caret);
        await page.EvaluateExpressionAsync("window.scrollTo(0, document.querySelector('.model-text').offsetTop - 10)");
        await DocScreenshots.Save(page, "model");
        Assert.All(errors, e => Assert.Contains("400", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_compound_library_shows_sourced_values()
    {
        var (page, errors) = await browser.NewPage();
        await using var _ = page;
        await page.GoToAsync(browser.BaseUrl + "#/model?compound=ketamine");
        await page.WaitForFunctionAsync("() => (document.querySelector('[data-testid=compound-values]')?.textContent || '').includes('affinities.NMDA')");
        await page.ClickAsync("[data-testid=compound-fluoxetine]");
        await page.WaitForFunctionAsync("() => (document.querySelector('[data-testid=compound-detail] h3')?.textContent || '').startsWith('Fluoxetine')");
        string values = await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=compound-values]').textContent");
        Assert.Contains("affinities.SERT", values, StringComparison.Ordinal);
        await DocScreenshots.Save(page, "compounds");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_sensitivity_page_draws_a_tornado()
    {
        var (page, errors) = await browser.NewPage();
        await using var _ = page;
        await page.GoToAsync(browser.BaseUrl + "#/sensitivity?regimen=" + Uri.EscapeDataString("sertraline 50mg oral every 24h for 4w") + "&output=occupancy_TRKB&time=4w");
        await page.WaitForSelectorAsync("[data-testid=tornado] .bar-row");
        int rows = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('[data-testid=tornado] .bar-row').length");
        Assert.True(rows >= 8, $"{rows} rows");
        string first = await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=tornado] .bar-row code').textContent");
        Assert.False(string.IsNullOrEmpty(first));
        await DocScreenshots.Save(page, "sensitivity");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_scenario_shows_its_findings_and_plots()
    {
        var (page, errors) = await browser.NewPage();
        await using var _ = page;
        await page.GoToAsync(browser.BaseUrl + "#/scenarios/fluoxetine-vs-ketamine");
        await page.WaitForSelectorAsync("[data-testid=findings] li");
        await page.WaitForSelectorAsync("[data-testid=chart-scenario-occupancy_TRKB]");
        var series = await Series(page, "scenario-occupancy_TRKB");
        Assert.True(series.Length >= 2, string.Join(", ", series));
        await DocScreenshots.Save(page, "scenarios");
        await page.ClickAsync("[data-testid=scenario-list] li:nth-child(4) a");
        await page.WaitForFunctionAsync("() => location.hash.includes('y433f') && (document.querySelector('[data-testid=scenario-title]')?.textContent || '').length > 0 && document.querySelectorAll('[data-testid=findings] li').length > 0");
        Assert.Empty(errors);
    }
}
