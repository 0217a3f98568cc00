namespace TrkbSim.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("trkbsim");
        return 0;
    }
}
