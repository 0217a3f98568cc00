using System.Globalization;

namespace TrkbSim.Modeling.Antimony;

/// <summary>Splits Antimony text into tokens; comments vanish and line ends become <see cref="TokenKind.Newline"/> tokens.</summary>
internal static class AntimonyLexer
{
    /// <summary>The text of every one-character token, so that punctuation allocates no string per token.</summary>
    private static readonly string[] OneChar = [.. Enumerable.Range(0, 128).Select(c => ((char)c).ToString())];

    public static List<Token> Tokenize(string text, string? fileName)
    {
        // About one token per four to five characters (reaction networks: 4.3): sized so that the list rarely has to grow
        // (each growth copies it whole). Names repeat (a species is declared once and used in many reactions), so each
        // distinct name is allocated once.
        var tokens = new List<Token>(text.Length / 4 + 16);
        var names = new HashSet<string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        int i = 0, line = 1, lineStart = 0;
        int Col(int at) => at - lineStart + 1;

        void AddNewline(int ln, int col)
        {
            // Consecutive line ends carry no meaning, so keep one.
            if (tokens.Count == 0 || tokens[^1].Kind != TokenKind.Newline)
                tokens.Add(new Token(TokenKind.Newline, "\n", ln, col));
        }

        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\n')
            {
                AddNewline(line, Col(i));
                i++; line++; lineStart = i;
                continue;
            }
            if (c is ' ' or '\t' or '\r' or '\f' or '\v' || char.IsWhiteSpace(c)) { i++; continue; }

            if (c == '#' || (c == '/' && Peek(text, i + 1) == '/'))
            {
                while (i < text.Length && text[i] != '\n') i++;
                continue;
            }
            if (c == '/' && Peek(text, i + 1) == '*')
            {
                int startLine = line, startCol = Col(i);
                bool sawNewline = false;
                i += 2;
                while (i < text.Length && !(text[i] == '*' && Peek(text, i + 1) == '/'))
                {
                    if (text[i] == '\n') { sawNewline = true; line++; lineStart = i + 1; }
                    i++;
                }
                if (i >= text.Length)
                    throw new ModelException("unterminated comment: '/*' has no closing '*/'",
                        new SourceLocation(fileName, startLine, startCol));
                i += 2;
                // A comment that spans lines separates statements just as the line end inside it would.
                if (sawNewline) AddNewline(startLine, startCol);
                continue;
            }

            int col = Col(i);
            if (char.IsAsciiLetter(c) || c == '_')
            {
                int s = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
                var span = text.AsSpan(s, i - s);
                if (!names.TryGetValue(span, out string? name))
                {
                    name = span.ToString();
                    names.Add(name);
                }
                tokens.Add(new Token(TokenKind.Identifier, name, line, col));
                continue;
            }
            if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(text, i + 1))))
            {
                int s = i;
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                if (i < text.Length && text[i] == '.') { i++; while (i < text.Length && char.IsAsciiDigit(text[i])) i++; }
                if (i < text.Length && text[i] is 'e' or 'E')
                {
                    int j = i + 1;
                    if (j < text.Length && text[j] is '+' or '-') j++;
                    if (j < text.Length && char.IsAsciiDigit(text[j]))
                    {
                        i = j;
                        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                    }
                }
                string num = text[s..i];
                double value = double.Parse(num, NumberStyles.Float, CultureInfo.InvariantCulture);
                tokens.Add(new Token(TokenKind.Number, num, line, col, value));
                continue;
            }
            if (c == '"')
            {
                int s = ++i;
                while (i < text.Length && text[i] != '"' && text[i] != '\n') i++;
                if (i >= text.Length || text[i] != '"')
                    throw new ModelException("unterminated string: expected a closing '\"' on the same line",
                        new SourceLocation(fileName, line, col));
                tokens.Add(new Token(TokenKind.String, text[s..i], line, col));
                i++;
                continue;
            }

            (TokenKind kind, int len) = (c, Peek(text, i + 1)) switch
            {
                ('-', '>') => (TokenKind.Arrow, 2),
                ('=', '>') => (TokenKind.FatArrow, 2),
                (':', '=') => (TokenKind.ColonAssign, 2),
                ('=', '=') => (TokenKind.Eq, 2),
                ('!', '=') => (TokenKind.Neq, 2),
                ('<', '=') => (TokenKind.Leq, 2),
                ('>', '=') => (TokenKind.Geq, 2),
                ('&', '&') => (TokenKind.AndAnd, 2),
                ('|', '|') => (TokenKind.OrOr, 2),
                ('*', '*') => (TokenKind.Caret, 2),
                ('+', _) => (TokenKind.Plus, 1),
                ('-', _) => (TokenKind.Minus, 1),
                ('*', _) => (TokenKind.Star, 1),
                ('/', _) => (TokenKind.Slash, 1),
                ('^', _) => (TokenKind.Caret, 1),
                ('(', _) => (TokenKind.LParen, 1),
                (')', _) => (TokenKind.RParen, 1),
                (',', _) => (TokenKind.Comma, 1),
                (';', _) => (TokenKind.Semicolon, 1),
                (':', _) => (TokenKind.Colon, 1),
                ('=', _) => (TokenKind.Assign, 1),
                ('<', _) => (TokenKind.Lt, 1),
                ('>', _) => (TokenKind.Gt, 1),
                ('!', _) => (TokenKind.Bang, 1),
                ('\'', _) => (TokenKind.Prime, 1),
                ('$', _) => (TokenKind.Dollar, 1),
                ('.', _) => (TokenKind.Dot, 1),
                _ => throw new ModelException(
                    $"unexpected character '{c}'; expected a name, a number, an operator or a comment",
                    new SourceLocation(fileName, line, col)),
            };
            tokens.Add(new Token(kind, len == 1 && c < OneChar.Length ? OneChar[c] : text.Substring(i, len), line, col));
            i += len;
        }
        tokens.Add(new Token(TokenKind.EndOfFile, "", line, Col(i)));
        return tokens;
    }

    private static char Peek(string text, int at) => at < text.Length ? text[at] : '\0';
}
