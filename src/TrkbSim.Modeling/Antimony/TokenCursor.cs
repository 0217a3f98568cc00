namespace TrkbSim.Modeling.Antimony;

/// <summary>A read position in a token list, with helpers that raise located errors.</summary>
internal sealed class TokenCursor(List<Token> tokens, string? fileName)
{
    private int _pos;

    public string? FileName { get; } = fileName;
    public Token Current => tokens[_pos];
    public int Position { get => _pos; set => _pos = value; }

    public Token Peek(int ahead = 1) => tokens[System.Math.Min(_pos + ahead, tokens.Count - 1)];

    public Token Next()
    {
        var t = tokens[_pos];
        if (_pos < tokens.Count - 1) _pos++;
        return t;
    }

    public bool Accept(TokenKind kind)
    {
        if (Current.Kind != kind) return false;
        Next();
        return true;
    }

    public bool AcceptWord(string word)
    {
        if (!Current.IsWord(word)) return false;
        Next();
        return true;
    }

    public Token Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind) throw Error($"expected {what}, found {Current.Describe()}");
        return Next();
    }

    public void SkipNewlines()
    {
        while (Current.Kind == TokenKind.Newline) Next();
    }

    /// <summary>True at a token that ends a statement: ';', a line end, the end of the file.</summary>
    public bool AtStatementEnd => Current.Kind is TokenKind.Semicolon or TokenKind.Newline or TokenKind.EndOfFile;

    public SourceLocation Location(Token t) => new(FileName, t.Line, t.Column);

    public SourceLocation Here => Location(Current);

    public ModelException Error(string message) => new(message, Here);

    public ModelException Error(string message, Token at) => new(message, Location(at));
}
