using TrkbSim.Trials.Output;

namespace TrkbSim.Trials.Tests;

public class TrialDatabaseOpeningTests
{
    [Fact]
    public void A_database_opened_in_the_background_is_handed_over_once_and_takes_its_views_later()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("run");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, TrialDatabase.FileName);
        using var opening = new TrialDatabase.Opening();
        Assert.Throws<InvalidOperationException>(() => opening.Take()); // nothing started
        opening.Start(path);
        Assert.Throws<InvalidOperationException>(() => opening.Start(path));
        using (var db = opening.Take())
        {
            // The result tables exist before the Parquet files do; the views come once the files are complete.
            db.AppendRows("run_info", [["model", "test"]]);
            Assert.Throws<DuckDB.NET.Data.DuckDBException>(db.DefineParquetViews); // no Parquet files yet
        }
        Assert.Throws<InvalidOperationException>(() => opening.Take()); // handed over already
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void A_database_that_is_never_taken_is_closed_with_the_run_and_its_error_is_not_raised_again()
    {
        using var tmp = new TempDir();
        // Opening in a folder that does not exist fails on the background thread: taking it raises the error; a run
        // that fails before taking it disposes the opening without raising it a second time.
        string missing = Path.Combine(tmp.Sub("absent"), "deeper", TrialDatabase.FileName);
        var failed = new TrialDatabase.Opening();
        failed.Start(missing);
        failed.Dispose();
        var taken = new TrialDatabase.Opening();
        taken.Start(missing);
        Assert.ThrowsAny<Exception>(() => taken.Take());
        taken.Dispose();

        string dir = tmp.Sub("ok");
        Directory.CreateDirectory(dir);
        var unused = new TrialDatabase.Opening();
        unused.Start(Path.Combine(dir, TrialDatabase.FileName));
        unused.Dispose(); // waits for the opening and closes it
        Directory.Delete(dir, recursive: true);
        Assert.False(Directory.Exists(dir));
    }
}
