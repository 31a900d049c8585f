package io.tickforge.tutorial;

import io.tickforge.client.bot.BotGame;
import io.tickforge.client.bot.NamedBehaviour;

public final class TagBotGame extends BotGame {                   // --game tag, bots named "tagger"
    public TagBotGame() { super("tag", TagSchemas.ENTITY, TagSchemas.INPUT, NamedBehaviour.of("tagger", seed -> new TagBot())); }
}
