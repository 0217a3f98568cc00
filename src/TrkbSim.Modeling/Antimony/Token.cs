namespace TrkbSim.Modeling.Antimony;

/// <summary>The kinds of token in Antimony text.</summary>
internal enum TokenKind
{
    Identifier, Number, String, Newline, EndOfFile,
    Plus, Minus, Star, Slash, Caret, LParen, RParen, Comma, Semicolon, Colon, Assign, ColonAssign,
    Eq, Neq, Lt, Gt, Leq, Geq, AndAnd, OrOr, Bang, Prime, Dollar, Dot, Arrow, FatArrow,
}

/// <summary>One token with its source position (1-based line and column).</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Line, int Column, double Number = 0)
{
    public bool Is(TokenKind kind) => Kind == kind;

    public bool IsWord(string word) => Kind == TokenKind.Identifier && Text == word;

    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.Newline => "end of line",
        TokenKind.EndOfFile => "end of file",
        TokenKind.String => $"string \"{Text}\"",
        TokenKind.Number => $"number '{Text}'",
        TokenKind.Identifier => $"'{Text}'",
        _ => $"'{Text}'",
    };
}
