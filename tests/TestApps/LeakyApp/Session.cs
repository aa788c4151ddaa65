namespace LeakyApp;

public sealed record Session(int Id, byte[] Payload);
