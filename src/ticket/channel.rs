//! Channels a conversation can arrive on.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::TicketError;
use crate::util::excerpt;

/// A social network on which customers have handles and send messages.
///
/// In JSON: `"x"` (alias `"twitter"`), `"facebook"`, `"instagram"`, `"linkedin"`,
/// `"tiktok"`, `"telegram"`, `"youtube"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SocialNetwork {
    /// X, formerly Twitter.
    #[serde(alias = "twitter")]
    X,
    /// Facebook (Messenger and page comments).
    Facebook,
    /// Instagram (direct messages and comments).
    Instagram,
    /// LinkedIn.
    Linkedin,
    /// TikTok.
    Tiktok,
    /// Telegram.
    Telegram,
    /// YouTube comments.
    Youtube,
}

impl SocialNetwork {
    /// The JSON name (`"x"`).
    pub fn as_str(self) -> &'static str {
        match self {
            SocialNetwork::X => "x",
            SocialNetwork::Facebook => "facebook",
            SocialNetwork::Instagram => "instagram",
            SocialNetwork::Linkedin => "linkedin",
            SocialNetwork::Tiktok => "tiktok",
            SocialNetwork::Telegram => "telegram",
            SocialNetwork::Youtube => "youtube",
        }
    }
}

impl fmt::Display for SocialNetwork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The channel a ticket or message came in on.
///
/// In JSON: `"email"`, `"chat"`, `"phone"`, `"sms"`, `"whatsapp"`, the social
/// networks (`"x"`, alias `"twitter"`, `"facebook"`, `"instagram"`, `"linkedin"`,
/// `"tiktok"`, `"telegram"`, `"youtube"`), `"web_form"`, `"bot"`, `"api"`.
///
/// ```
/// use frontline::Channel;
/// let c: Channel = "twitter".parse()?;
/// assert_eq!(c, Channel::X);
/// assert!(c.is_social() && !c.is_live());
/// assert!(Channel::Chat.is_live());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Channel {
    /// E-mail.
    Email,
    /// Live chat (web or in-app messenger).
    Chat,
    /// Voice call.
    Phone,
    /// Text message.
    Sms,
    /// WhatsApp.
    Whatsapp,
    /// X, formerly Twitter.
    #[serde(alias = "twitter")]
    X,
    /// Facebook.
    Facebook,
    /// Instagram.
    Instagram,
    /// LinkedIn.
    Linkedin,
    /// TikTok.
    Tiktok,
    /// Telegram.
    Telegram,
    /// YouTube.
    Youtube,
    /// A web form on the help centre or contact page.
    WebForm,
    /// A chatbot conversation.
    Bot,
    /// Created by another system through an API.
    Api,
}

impl Channel {
    /// Every channel, in declaration order.
    pub const ALL: [Channel; 15] = [
        Channel::Email,
        Channel::Chat,
        Channel::Phone,
        Channel::Sms,
        Channel::Whatsapp,
        Channel::X,
        Channel::Facebook,
        Channel::Instagram,
        Channel::Linkedin,
        Channel::Tiktok,
        Channel::Telegram,
        Channel::Youtube,
        Channel::WebForm,
        Channel::Bot,
        Channel::Api,
    ];

    /// The JSON name (`"web_form"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Chat => "chat",
            Channel::Phone => "phone",
            Channel::Sms => "sms",
            Channel::Whatsapp => "whatsapp",
            Channel::X => "x",
            Channel::Facebook => "facebook",
            Channel::Instagram => "instagram",
            Channel::Linkedin => "linkedin",
            Channel::Tiktok => "tiktok",
            Channel::Telegram => "telegram",
            Channel::Youtube => "youtube",
            Channel::WebForm => "web_form",
            Channel::Bot => "bot",
            Channel::Api => "api",
        }
    }

    /// The social network behind this channel, if it is one.
    pub fn social_network(self) -> Option<SocialNetwork> {
        Some(match self {
            Channel::X => SocialNetwork::X,
            Channel::Facebook => SocialNetwork::Facebook,
            Channel::Instagram => SocialNetwork::Instagram,
            Channel::Linkedin => SocialNetwork::Linkedin,
            Channel::Tiktok => SocialNetwork::Tiktok,
            Channel::Telegram => SocialNetwork::Telegram,
            Channel::Youtube => SocialNetwork::Youtube,
            _ => return None,
        })
    }

    /// Whether this is a social-network channel.
    pub fn is_social(self) -> bool {
        self.social_network().is_some()
    }

    /// Whether the customer is typically waiting live (chat, phone, bot):
    /// such channels expect answers in seconds or minutes, not hours.
    pub fn is_live(self) -> bool {
        matches!(self, Channel::Chat | Channel::Phone | Channel::Bot)
    }
}

impl From<SocialNetwork> for Channel {
    fn from(network: SocialNetwork) -> Channel {
        match network {
            SocialNetwork::X => Channel::X,
            SocialNetwork::Facebook => Channel::Facebook,
            SocialNetwork::Instagram => Channel::Instagram,
            SocialNetwork::Linkedin => Channel::Linkedin,
            SocialNetwork::Tiktok => Channel::Tiktok,
            SocialNetwork::Telegram => Channel::Telegram,
            SocialNetwork::Youtube => Channel::Youtube,
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Channel {
    type Err = TicketError;
    fn from_str(s: &str) -> Result<Channel, TicketError> {
        if s == "twitter" {
            return Ok(Channel::X);
        }
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| TicketError::UnknownName {
                kind: "channel",
                value: excerpt(s),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in Channel::ALL {
            assert_eq!(c.as_str().parse::<Channel>().unwrap(), c);
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(serde_json::from_str::<Channel>(&json).unwrap(), c);
            if let Some(n) = c.social_network() {
                assert_eq!(Channel::from(n), c);
                assert_eq!(n.as_str(), c.as_str());
            }
        }
        assert_eq!(
            serde_json::from_str::<Channel>("\"twitter\"").unwrap(),
            Channel::X
        );
        assert!("fax".parse::<Channel>().is_err());
    }
}
