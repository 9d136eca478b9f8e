namespace DeepStats.Core.Data;

/// <summary>
/// Grouped k-fold assignment that keeps the class proportions of the folds close to the whole data's
/// where the groups allow (the greedy rule of scikit-learn's <c>StratifiedGroupKFold</c>): groups are
/// shuffled (seeded), ordered by how unevenly their rows spread over the classes (most uneven first,
/// ties in shuffled order), and each goes to the fold where the mean over classes of the spread (sd
/// across folds) of "share of the class's rows in the fold" is smallest after adding it; near-ties
/// (within 1e-5) go to the fold with fewer rows. Rows with a missing label count as a class of their own.
/// </summary>
internal static class StratifiedGroupFolds
{
    /// <summary>The 0-based fold of every row; <paramref name="groups"/> holds the rows of each group.</summary>
    public static int[] Assign(int[][] groups, int[] labels, int classCount, int folds, Random rng, int rowCount)
    {
        int k = classCount + 1; // last slot: missing label
        int Slot(int label) => label < 0 ? classCount : label;
        var order = groups.ToArray();
        rng.Shuffle(order);
        var counts = order.Select(g =>
        {
            var c = new double[k];
            foreach (var i in g) c[Slot(labels[i])]++;
            return c;
        }).ToArray();
        var total = new double[k];
        foreach (var c in counts) for (int j = 0; j < k; j++) total[j] += c[j];
        // most uneven class spread first (stable: equal spreads keep the shuffled order)
        var sequence = Enumerable.Range(0, order.Length).OrderByDescending(g => PopulationSd(counts[g])).ToArray();
        var perFold = new double[folds, k];
        var sizes = new int[folds];
        var assign = new int[rowCount];
        foreach (var g in sequence)
        {
            int best = -1;
            double bestEval = double.PositiveInfinity;
            for (int f = 0; f < folds; f++)
            {
                for (int j = 0; j < k; j++) perFold[f, j] += counts[g][j];
                double eval = 0;
                int used = 0;
                for (int j = 0; j < k; j++)
                {
                    if (total[j] == 0) continue;
                    var shares = new double[folds];
                    for (int h = 0; h < folds; h++) shares[h] = perFold[h, j] / total[j];
                    eval += PopulationSd(shares);
                    used++;
                }
                eval /= Math.Max(1, used);
                for (int j = 0; j < k; j++) perFold[f, j] -= counts[g][j];
                if (eval < bestEval - 1e-5 || Math.Abs(eval - bestEval) <= 1e-5 && sizes[f] < sizes[best])
                {
                    best = f;
                    bestEval = Math.Min(eval, bestEval);
                }
            }
            for (int j = 0; j < k; j++) perFold[best, j] += counts[g][j];
            sizes[best] += order[g].Length;
            foreach (var i in order[g]) assign[i] = best;
        }
        return assign;
    }

    private static double PopulationSd(double[] v)
    {
        double m = v.Average(), s = 0;
        foreach (var x in v) s += (x - m) * (x - m);
        return Math.Sqrt(s / v.Length);
    }
}
