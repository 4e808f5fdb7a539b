using System.Numerics.Tensors;

namespace PaperRadar.Search.Embeddings;

/// <summary>
/// A sparse matrix in compressed rows (documents × terms), and the two products randomized SVD needs with a dense
/// row-major matrix. Written here because MathNet's sparse matrices multiply element by element; these kernels do
/// one SIMD multiply-add per stored value, over a dense row.
/// </summary>
internal sealed class SparseRows(int columns, int[] rowStarts, int[] columnIndices, float[] values)
{
    public int Rows => rowStarts.Length - 1;

    public int Columns { get; } = columns;

    public int[] RowStarts => rowStarts;

    public int[] ColumnIndices => columnIndices;

    public float[] Values => values;

    /// <summary>this (r × c) times <paramref name="dense"/> (c × width, row-major): r × width, row-major.</summary>
    public float[] Multiply(float[] dense, int width)
    {
        var result = new float[(long)Rows * width];
        Parallel.For(0, Rows, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, row =>
        {
            var target = result.AsSpan(row * width, width);
            for (var at = rowStarts[row]; at < rowStarts[row + 1]; at++)
            {
                var source = dense.AsSpan(columnIndices[at] * width, width);
                TensorPrimitives.MultiplyAdd(source, values[at], target, target);
            }
        });
        return result;
    }

    /// <summary>The transpose, so that a product with the transpose is again a row-by-row gather.</summary>
    public SparseRows Transpose()
    {
        var counts = new int[Columns + 1];
        foreach (var column in columnIndices)
        {
            counts[column + 1]++;
        }
        for (var i = 0; i < Columns; i++)
        {
            counts[i + 1] += counts[i];
        }
        var starts = (int[])counts.Clone();
        var next = (int[])counts.Clone();
        var indices = new int[columnIndices.Length];
        var transposed = new float[values.Length];
        for (var row = 0; row < Rows; row++)
        {
            for (var at = rowStarts[row]; at < rowStarts[row + 1]; at++)
            {
                var slot = next[columnIndices[at]]++;
                indices[slot] = row;
                transposed[slot] = values[at];
            }
        }
        return new SparseRows(Rows, starts, indices, transposed);
    }
}
